package dev.ecli.runner.metrics;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.loop.Tallies;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The runner's own metrics, each labelled with the package's name: per exported map the events
 * written, the short records skipped and the records the kernel dropped; per program its run
 * count and time (when the kernel counts them, see {@link #STATS_SYSCTL}); per declared metric
 * the series its cap left out; the events sinks could not deliver.
 */
final class RunnerMetrics implements MultiCollector {
    /** The kernel fills run_time_ns and run_cnt only while this is 1. */
    static final Path STATS_SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");

    private final String pkg;
    private final Supplier<List<Tallies.Tally>> tallies;
    private final List<BpfProgram> programs;
    private final List<MapMetric> declared;
    private final LongSupplier sinkDropped;

    RunnerMetrics(String pkg, Supplier<List<Tallies.Tally>> tallies, LongSupplier sinkDropped,
                  List<BpfProgram> programs, List<MapMetric> declared) {
        this.pkg = pkg;
        this.tallies = tallies;
        this.sinkDropped = sinkDropped;
        this.programs = List.copyOf(programs);
        this.declared = List.copyOf(declared);
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        List<Tallies.Tally> ts = tallies.get();
        var events = counter("ecli_events", "Events decoded and written, per exported map");
        var shortRecords = counter("ecli_short_records",
                "Records shorter than their struct, skipped as undecodable, per exported map");
        var dropped = counter("ecli_dropped",
                "Records the kernel could not deliver (the package's drop counter, perf buffer lost samples)");
        for (Tallies.Tally t : ts) {
            Labels l = Labels.of("package", pkg, "map", t.map());
            events.dataPoint(point(l, t.events()));
            shortRecords.dataPoint(point(l, t.shortRecords()));
            dropped.dataPoint(point(l, t.dropped()));
        }
        out.add(events.build());
        out.add(shortRecords.build());
        out.add(dropped.build());
        out.add(counter("ecli_sink_dropped", "Events decoded that a sink (--sink) could not deliver")
                .dataPoint(point(Labels.of("package", pkg), sinkDropped.getAsLong())).build());
        programTotals(out);
        if (!declared.isEmpty()) {
            var refused = counter("ecli_metric_series_refused",
                    "Series of a declared metric left out because its max-series cap was reached");
            for (MapMetric m : declared) {
                refused.dataPoint(point(Labels.of("package", pkg, "metric", m.name()), m.refused()));
            }
            out.add(refused.build());
        }
        return new MetricSnapshots(out);
    }

    /** Run count and time per loaded program, when the kernel keeps them. */
    private void programTotals(List<MetricSnapshot> out) {
        List<String> names = new ArrayList<>();
        List<BpfProgram.RunTotals> totals = new ArrayList<>();
        boolean any = statsEnabled();
        for (BpfProgram p : programs) {
            if (p.fd() < 0) {
                continue;
            }
            try {
                BpfProgram.RunTotals t = p.runTotals();
                names.add(p.name());
                totals.add(t);
                any |= t.runs() > 0;
            } catch (BpfException e) {
                // A program that cannot be asked is left out.
            }
        }
        if (!any) {
            return;
        }
        var runs = counter("ecli_program_runs", "Runs of each BPF program (needs sysctl kernel.bpf_stats_enabled=1)");
        var seconds = counter("ecli_program_run_seconds",
                "Time spent in each BPF program (needs sysctl kernel.bpf_stats_enabled=1)");
        for (int i = 0; i < names.size(); i++) {
            Labels l = Labels.of("package", pkg, "program", names.get(i));
            runs.dataPoint(point(l, totals.get(i).runs()));
            seconds.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l)
                    .value(totals.get(i).runTimeNanos() / 1e9).build());
        }
        out.add(runs.build());
        out.add(seconds.build());
    }

    static boolean statsEnabled() {
        try {
            return Files.readString(STATS_SYSCTL).strip().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.CounterDataPointSnapshot point(Labels labels, long value) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
