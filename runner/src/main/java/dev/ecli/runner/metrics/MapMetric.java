package dev.ecli.runner.metrics;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.pkg.MetricSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sample.MapSampler;
import dev.ecli.runner.sample.MapSnapshot;
import dev.ecli.runner.sample.Stacks;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A declared metric over its loaded map: each read walks the map (per-CPU values summed, nothing
 * cleared), adds up rows with equal labels, keeps the series the cap allows, and returns the
 * snapshot Prometheus's client writes. Not thread-safe: the metrics server reads on one thread.
 */
final class MapMetric {
    private final MetricPlan plan;
    private final MapSampler sampler;
    private final SeriesLimit<List<String>> limit;
    private final String[] labelNames;

    MapMetric(MetricPlan plan, BpfMap map) throws PackageException {
        this.plan = plan;
        if (!MapType.sampleable(map.type())) {
            throw new PackageException("metrics." + plan.name + ".map: map '" + plan.map + "' cannot be read as a"
                    + " metric (only " + MapType.SAMPLED_NAMES + " maps)");
        }
        this.sampler = MapSampler.of(map, plan.readSpec, plan.layout, 0, Stacks.none());
        this.limit = new SeriesLimit<>(plan.maxSeries);
        this.labelNames = plan.labels.names();
    }

    /** The declared name. */
    String name() {
        return plan.name;
    }

    /** Series left out by the cap so far. */
    long refused() {
        return limit.refused();
    }

    /** Reads the map now. */
    MetricSnapshot read() throws BpfException {
        MapSnapshot snap = sampler.read();
        boolean histogram = plan.buckets != null;
        Map<List<String>, double[]> series = new LinkedHashMap<>();
        for (byte[] row : snap.rows()) {
            List<String> labels = plan.labels.values(MemorySegment.ofArray(row));
            ByteBuffer b = ByteBuffer.wrap(row).order(ByteOrder.nativeOrder());
            if (histogram) {
                Field.ArrayField a = plan.buckets;
                Field.IntField e = (Field.IntField) a.element();
                double[] sum = series.computeIfAbsent(labels, k -> new double[(int) a.count()]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += number(b, (int) (a.offset() + i * a.stride() + e.offset()), e.size(), e.signed());
                }
            } else {
                double[] sum = series.computeIfAbsent(labels, k -> new double[1]);
                sum[0] += number(b, (int) plan.value.offset(), plan.value.size(), plan.value.signed());
            }
        }
        List<List<String>> shown = limit.admit(series.keySet());
        return switch (plan.type) {
            case MetricSpec.COUNTER -> {
                var s = CounterSnapshot.builder().name(plan.name).help(plan.help);
                for (List<String> l : shown) {
                    s.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(l))
                            .value(series.get(l)[0]).build());
                }
                yield s.build();
            }
            case MetricSpec.GAUGE -> {
                var s = GaugeSnapshot.builder().name(plan.name).help(plan.help);
                for (List<String> l : shown) {
                    s.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(l))
                            .value(series.get(l)[0]).build());
                }
                yield s.build();
            }
            default -> {
                var s = HistogramSnapshot.builder().name(plan.name).help(plan.help);
                for (List<String> l : shown) {
                    double[] c = series.get(l);
                    long[] counts = new long[c.length];
                    for (int i = 0; i < c.length; i++) {
                        counts[i] = (long) c[i];
                    }
                    s.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels(l))
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(plan.bounds, counts)).build());
                }
                yield s.build();
            }
        };
    }

    private Labels labels(List<String> values) {
        return Labels.of(labelNames, values.toArray(String[]::new));
    }

    /** An integer of the row as a double; u64 values past 2^63 stay positive. */
    static double number(ByteBuffer b, int at, int size, boolean signed) {
        long v = switch (size) {
            case 1 -> signed ? b.get(at) : b.get(at) & 0xffL;
            case 2 -> signed ? b.getShort(at) : b.getShort(at) & 0xffffL;
            case 4 -> signed ? b.getInt(at) : b.getInt(at) & 0xffff_ffffL;
            default -> b.getLong(at);
        };
        return !signed && v < 0 ? (double) (v >>> 1) * 2.0 + (v & 1) : v;
    }
}
