package dev.ecli.runner.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecli.btf.Btf;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.HistogramSpec;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.MetricSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Declared metrics checked against examples/exitstats' BTF, without the kernel. */
class MetricPlanTest {
    private static PackageSpec spec;
    private static Btf btf;

    @BeforeAll
    static void load() throws Exception {
        spec = PackageLoader.load(Path.of(System.getProperty("ecli.repoRoot", "..")).resolve("examples/exitstats"));
        btf = spec.object().btf();
    }

    private static MetricSpec counter(String value, List<String> labels) {
        return new MetricSpec("counter", "exit_counts", null, value, labels, null, null, null);
    }

    private static String error(String name, MetricSpec m) {
        return assertThrows(PackageException.class, () -> MetricPlan.compile(name, m,
                spec.manifest().maps().get(m.map()), btf, spec.objectName())).getMessage();
    }

    @Test
    void theExampleDeclaresACounterAGaugeAndAHistogram() throws Exception {
        List<MetricPlan> plans = MetricPlan.of(spec, btf);
        assertEquals(List.of("process_exits", "process_last_age_ms", "process_age_ms"),
                plans.stream().map(MetricPlan::name).toList());
        MetricPlan exits = plans.getFirst();
        assertArrayEquals(new String[] {"comm", "exit_code", "sig"}, exits.labels.names(), "every key field");
        assertEquals("n_exited", exits.value.name());
        assertEquals(24, exits.value.offset(), "in the row, after the 24-byte key");
        MetricPlan ages = plans.get(2);
        assertEquals(32, ages.bounds.length);
        assertEquals(1, ages.bounds[0]);
        assertEquals(Double.POSITIVE_INFINITY, ages.bounds[31]);
        assertEquals(1000, exits.maxSeries);
        assertEquals(500, ages.maxSeries);
    }

    @Test
    void labelsMayBeASubsetInAnyOrder() throws Exception {
        MetricPlan p = MetricPlan.compile("by_signal", counter("n_exited", List.of("sig", "comm")),
                spec.manifest().maps().get("exit_counts"), btf, spec.objectName());
        assertArrayEquals(new String[] {"sig", "comm"}, p.labels.names());
    }

    @Test
    void eachMistakeNamesItsSetting() {
        assertEquals("metrics.x.value: the value has no field 'exits' (its fields: n_exited, last_age_ms)",
                error("x", counter("exits", null)));
        assertEquals("metrics.x: the value has 2 integer fields (n_exited, last_age_ms); name the one to read"
                + " with value", error("x", counter(null, null)));
        assertEquals("metrics.x.labels: no field 'pid' to label with (the key's fields: comm, exit_code, sig;"
                + " the value's besides the number: last_age_ms)", error("x", counter("n_exited", List.of("pid"))));
        assertEquals("metrics.ecli_x: names starting with ecli_ are the runner's own metrics",
                error("ecli_x", counter("n_exited", null)));
        assertEquals("metrics.x.map: no map 'nope' in exitstats.bpf.o",
                error("x", new MetricSpec("gauge", "nope", null, null, null, null, null, null)));
        assertEquals("metrics.x: a histogram needs its bucket counts: set metrics.x.histogram (kind, field) or"
                + " maps.exit_counts.histogram", error("x", new MetricSpec("histogram", "exit_counts", null, null,
                null, null, null, null)));
        assertEquals("metrics.x.histogram.field: the value has no array 'nope' (its arrays: none)",
                error("x", new MetricSpec("histogram", "exit_counts", null, null, null, null,
                        new HistogramSpec("nope", "log2", null, null, null), null)));
        assertEquals("metrics.x.histogram: only a histogram has buckets; this metric is a counter",
                error("x", new MetricSpec("counter", "ages", null, null, null, null,
                        new HistogramSpec(null, "log2", null, null, null), null)));
        assertEquals("metrics.x.fields: 'exit_code' is not one of its labels (comm)",
                error("x", new MetricSpec("counter", "exit_counts", null, "n_exited", List.of("comm"),
                        Map.of("exit_code", new FieldSpec("hex", null, false, null)), null, null)));
        assertEquals("metrics.x_bucket: a histogram's name may not end in _bucket (Prometheus adds it to the"
                + " series it serves)", error("x_bucket", new MetricSpec("histogram", "ages", null, null, null,
                null, null, null)));
    }

    @Test
    void aMapThatIsClearedCannotFeedAMetric() {
        MapSpec cleared = new MapSpec(null, "1000", true, null, null, null, null, null, Map.of(), Map.of());
        assertEquals("metrics.x.map: maps.exit_counts.clear empties the map after each print, but a metric reads"
                + " running totals; drop clear or read another map", assertThrows(PackageException.class,
                () -> MetricPlan.compile("x", counter("n_exited", null), cleared, btf, spec.objectName())).getMessage());
    }
}
