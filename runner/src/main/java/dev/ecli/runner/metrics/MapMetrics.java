package dev.ecli.runner.metrics;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.pkg.PackageException;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The declared metrics of a loaded object, read at each scrape. */
final class MapMetrics implements MultiCollector {
    private final List<MapMetric> metrics;
    /** Metrics whose read failed, so the warning is printed once, not at every scrape. */
    private final Set<String> warned = new HashSet<>();

    private MapMetrics(List<MapMetric> metrics) {
        this.metrics = metrics;
    }

    /**
     * Binds each plan to its map in the loaded object.
     * @throws PackageException when a map is missing or of a kind that cannot be read
     */
    static MapMetrics open(List<MetricPlan> plans, BpfObject object) throws PackageException {
        List<MapMetric> out = new ArrayList<>();
        for (MetricPlan p : plans) {
            BpfMap map = object.map(p.map).orElseThrow(() -> new PackageException("metrics." + p.name
                    + ".map: no map '" + p.map + "' in the object"));
            out.add(new MapMetric(p, map));
        }
        return new MapMetrics(out);
    }

    /** The metrics, for the runner's counts of series left out. */
    List<MapMetric> metrics() {
        return metrics;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        for (MapMetric m : metrics) {
            try {
                out.add(m.read());
            } catch (BpfException e) {
                // Leave the metric out of this scrape rather than fail the others.
                if (warned.add(m.name())) {
                    System.err.println("ecli-java: metric " + m.name() + ": " + e.getMessage());
                }
            }
        }
        return new MetricSnapshots(out);
    }
}
