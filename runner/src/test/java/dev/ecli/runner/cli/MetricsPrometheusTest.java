package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run --metrics} scraped by a real Prometheus server. Two runners serve metrics:
 * examples/exitstats (declared metrics: a counter and a gauge labelled from a struct key, a log2
 * histogram) and packages/exitsnoop (the runner's own: events, drops, short records, program
 * runs), the latter filtered to one command. The test's own children, a copy of sh under a name
 * no other process has, exit in known ways: the counts PromQL returns are exact.
 */
@Tag("bpf")
class MetricsPrometheusTest {
    private static Path dir;
    private static String comm;
    private static Path shell;
    private static RunnerProcess stats;
    private static RunnerProcess snoop;
    private static PrometheusServer prometheus;
    private static String statsWas;

    @BeforeAll
    static void start() throws Exception {
        RunnerProcess.requireBpf();
        dir = Files.createTempDirectory("ecli-metrics");
        comm = "emt" + ProcessHandle.current().pid() % 100_000;
        shell = dir.resolve(comm);
        Files.copy(Path.of("/bin/sh"), shell);
        shell.toFile().setExecutable(true);
        // The kernel counts program runs only while this is on; put back what was there.
        statsWas = Files.readString(Path.of("/proc/sys/kernel/bpf_stats_enabled")).strip();
        Files.writeString(Path.of("/proc/sys/kernel/bpf_stats_enabled"), "1");
        int statsPort = PrometheusServer.freePort();
        int snoopPort = PrometheusServer.freePort();
        Path root = RunnerProcess.repoRoot();
        stats = RunnerProcess.start("run", root.resolve("examples/exitstats").toString(),
                "--metrics", "127.0.0.1:" + statsPort);
        snoop = RunnerProcess.start("run", root.resolve("packages/exitsnoop").toString(), "-o", "json",
                "--filter", "comm~^" + comm + "$", "--metrics", "127.0.0.1:" + snoopPort);
        prometheus = PrometheusServer.start(dir, List.of("127.0.0.1:" + statsPort, "127.0.0.1:" + snoopPort));
        stats.awaitStderr(l -> l.contains("attached"), 30);
        snoop.awaitStderr(l -> l.contains("attached"), 30);
        prometheus.await("sum(up{job=\"ecli\"})", v -> v == 2, 20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (RunnerProcess r : new RunnerProcess[] {stats, snoop}) {
            if (r != null) {
                r.close();
            }
        }
        if (statsWas != null) {
            Files.writeString(Path.of("/proc/sys/kernel/bpf_stats_enabled"), statsWas);
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs {@code n} copies of the shell with {@code script} at once and waits for them all. */
    private static void children(int n, String script) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(new ProcessBuilder(shell.toString(), "-c", script).start());
        }
        for (Process p : ps) {
            p.waitFor();
        }
    }

    @Test
    void prometheusSeesExactCountsHistogramBucketsAndTheRunnersOwnMetrics() throws Exception {
        String exit7 = "process_exits_total{comm=\"" + comm + "\",exit_code=\"7\",sig=\"0\"}";
        String rb = "{package=\"exitsnoop\",map=\"rb\"}";
        // Phase 1: two exits with code 7, seen by Prometheus (from both runners) at t1.
        children(2, "exit 7");
        prometheus.await(exit7, v -> v == 2, 20);
        JsonNode seen = prometheus.await("ecli_events_total" + rb, v -> v == 2, 20);
        double t1 = seen.path("value").get(0).asDouble();
        // Phase 2: five more that live about 300 ms, and three killed by SIGTERM.
        children(5, "sleep 0.3; exit 7");
        children(3, "kill -TERM $$");
        prometheus.await(exit7, v -> v == 7, 20);
        double increase = prometheus.value(exit7 + " - " + exit7 + " @ " + t1);
        assertEquals(5, increase, "the counter's increase since t1");
        double killed = prometheus.await("process_exits_total{comm=\"" + comm + "\",exit_code=\"0\",sig=\"SIGTERM\"}",
                v -> v == 3, 20).path("value").get(1).asDouble();

        // The lifetimes: the five sleepers in the log2 bucket 256-511 ms, the rest below 256.
        String bucket = "process_age_ms_bucket{comm=\"" + comm + "\",le=\"%s\"}";
        // (No _sum: the map holds only counts; so OpenMetrics, which Prometheus asks for, has no _count either.)
        prometheus.await(bucket.formatted("+Inf"), v -> v == 10, 20);
        double in256to511 = prometheus.value(bucket.formatted("511.0") + " - ignoring(le) " + bucket.formatted("255.0"));
        assertEquals(5, in256to511);
        double below256 = prometheus.value(bucket.formatted("255.0"));
        assertEquals(5, below256);
        double lastAge = prometheus.value("process_last_age_ms{comm=\"" + comm + "\",exit_code=\"7\"}");
        assertTrue(lastAge >= 300 && lastAge < 512, "the gauge: the latest code-7 exit lived ~300 ms: " + lastAge);

        // The runner's own: exitsnoop wrote exactly the ten exits of our command, lost none.
        prometheus.await("ecli_events_total" + rb, v -> v == 10, 20);
        double eventsSince = prometheus.value("ecli_events_total" + rb + " - ecli_events_total" + rb + " @ " + t1);
        assertEquals(8, eventsSince, "events since t1");
        assertEquals(0, prometheus.value("ecli_dropped_total" + rb));
        assertEquals(0, prometheus.value("ecli_short_records_total" + rb));
        double runs = prometheus.value("ecli_program_runs_total{package=\"exitstats\",program=\"handle_exit\"}");
        assertTrue(runs >= 10, "the program ran at least for our ten exits: " + runs);
        assertTrue(prometheus.value("ecli_program_run_seconds_total{package=\"exitstats\",program=\"handle_exit\"}") > 0);
        assertEquals(0, prometheus.value("ecli_metric_series_refused_total{package=\"exitstats\",metric=\"process_exits\"}"));
        System.out.printf("PromQL: %s increase since t1 = %.0f, SIGTERM exits = %.0f, lifetimes 256..511 ms = %.0f,"
                + " below 256 ms = %.0f, last age = %.0f ms, exitsnoop events since t1 = %.0f, runs of handle_exit = %.0f%n",
                exit7, increase, killed, in256to511, below256, lastAge, eventsSince, runs);

        assertEquals(0, stats.signal("INT"), "stderr: " + stats.stderr);
        assertEquals(0, snoop.signal("INT"), "stderr: " + snoop.stderr);
    }
}
