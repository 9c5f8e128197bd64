package dev.ecli.runner.metrics;

import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.session.Session;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code /metrics} endpoint of {@code run --metrics ADDR}: the JDK's HTTP server with
 * Prometheus's Java client's handler, served by {@link #WORKERS} daemon threads, so map reads
 * happen there, never on the thread that consumes the ring buffers. Only the exact path
 * {@code /metrics} is served (the JDK matches contexts by prefix); anything else is 404. A client
 * cannot hold the endpoint: a request must arrive within {@link #REQUEST_SECONDS} and its
 * answer be taken within {@link #RESPONSE_SECONDS}, and at most {@link #MAX_CONNECTIONS} are
 * open at once. Listen first (a busy port fails before anything is loaded), then {@link #serve}
 * a session; close the returned handle before the session, so no scrape reads a closed map.
 */
public final class MetricsServer implements AutoCloseable {
    /** Threads answering scrapes; one slow client holds at most one. */
    public static final int WORKERS = 4;
    /** Seconds a client has to send its request, headers and all; then it is closed. */
    public static final int REQUEST_SECONDS = 5;
    /** Seconds a client has to take the answer. */
    public static final int RESPONSE_SECONDS = 30;
    /** Connections open at once; more wait in the listen backlog until one closes. */
    public static final int MAX_CONNECTIONS = 32;

    static {
        // The JDK's server reads these once, when its first server is made; a user's -D wins.
        defaultProperty("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        defaultProperty("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        defaultProperty("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final ListenAddress address;
    /** Held while collecting; once closed, scrapes get nothing and touch no map. */
    private final Object gate = new Object();
    private boolean closed;

    private MetricsServer(HttpServer server, ExecutorService executor, PrometheusRegistry registry,
                          ListenAddress address) {
        this.server = server;
        this.address = address;
        this.executor = executor;
        this.registry = registry;
    }

    private static void defaultProperty(String name, int value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, Integer.toString(value));
        }
    }

    /**
     * Starts serving an empty registry at {@code address}.
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static MetricsServer listen(ListenAddress address) throws IOException {
        ExecutorService executor = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().daemon()
                .name("metrics-", 0).factory());
        PrometheusRegistry registry = new PrometheusRegistry();
        InetSocketAddress at = address.host() == null ? new InetSocketAddress(address.port())
                : new InetSocketAddress(address.host(), address.port());
        try {
            HttpServer server = HttpServer.create(at, MAX_CONNECTIONS);
            MetricsHandler metrics = new MetricsHandler(registry);
            server.createContext("/", exchange -> {
                if (exchange.getRequestURI().getRawPath().equals("/metrics")) {
                    metrics.handle(exchange);
                } else {
                    notFound(exchange);
                }
            });
            server.setExecutor(executor);
            server.start();
            return new MetricsServer(server, executor, registry, address);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = "not found: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
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
        server.stop(0);
        executor.shutdownNow();
    }
}
