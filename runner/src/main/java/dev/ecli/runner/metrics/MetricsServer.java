package dev.ecli.runner.metrics;

import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.session.Session;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code /metrics} endpoint of {@code run --metrics ADDR}: Prometheus's Java client's HTTP
 * server with one daemon thread, so scrapes are served one at a time and map reads happen there,
 * never on the thread that consumes the ring buffers. Listen first (a busy port fails before
 * anything is loaded), then {@link #serve} a session; close the returned handle before the
 * session, so no scrape reads a closed map.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final ListenAddress address;
    /** Held while collecting; once closed, scrapes get nothing and touch no map. */
    private final Object gate = new Object();
    private boolean closed;

    private MetricsServer(HTTPServer server, ExecutorService executor, PrometheusRegistry registry,
                          ListenAddress address) {
        this.server = server;
        this.address = address;
        this.executor = executor;
        this.registry = registry;
    }

    /**
     * Starts serving an empty registry at {@code address}.
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static MetricsServer listen(ListenAddress address) throws IOException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        });
        PrometheusRegistry registry = new PrometheusRegistry();
        HTTPServer.Builder b = HTTPServer.builder().port(address.port()).executorService(executor).registry(registry);
        if (address.host() != null) {
            b.hostname(address.host());
        }
        try {
            return new MetricsServer(b.buildAndStart(), executor, registry, address);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** Serving a session's metrics; closing it (before the session) ends every map read. */
    public interface Served extends AutoCloseable {
        /** Where Prometheus scrapes, e.g. {@code http://127.0.0.1:9435/metrics}. */
        String url();

        @Override
        void close();
    }

    /**
     * Serves {@code session}'s metrics: the runner's own and the declared ones.
     * @param pkg   the package's name, the value of every runner metric's {@code package} label
     * @param plans the declared metrics ({@link MetricPlan#of})
     * @throws PackageException when a declared metric's map is missing or cannot be read
     */
    public Served serve(String pkg, Session session, List<MetricPlan> plans) throws PackageException {
        MapMetrics declared = MapMetrics.open(plans, session.object());
        register(new RunnerMetrics(pkg, session::tallies, session::sinkDropped, session.object().programs(), declared.metrics()));
        register(declared);
        String url = "http://" + new ListenAddress(address.host() == null ? "0.0.0.0" : address.host(), port())
                + "/metrics";
        return new Served() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public void close() {
                shut();
            }
        };
    }

    private void register(MultiCollector c) {
        registry.register(() -> {
            synchronized (gate) {
                return closed ? MetricSnapshots.of() : c.collect();
            }
        });
    }

    /** Waits for a scrape in progress, then answers later ones with nothing. */
    private void shut() {
        synchronized (gate) {
            closed = true;
        }
    }

    @Override
    public void close() {
        shut();
        server.close();
        executor.shutdownNow();
    }
}
