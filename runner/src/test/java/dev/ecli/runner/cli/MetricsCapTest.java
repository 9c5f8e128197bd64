package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series cap on a live map: examples/exitstats with {@code max-series: 3} on its exit
 * counter, and the test's own children exiting with six different codes. The endpoint serves
 * exactly three series of the counter and counts the others as refused.
 */
@Tag("bpf")
class MetricsCapTest {
    @Test
    void seriesPastTheCapAreLeftOutAndCounted(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        Path example = RunnerProcess.repoRoot().resolve("examples/exitstats");
        Files.copy(example.resolve("exitstats.bpf.o"), dir.resolve("exitstats.bpf.o"));
        String manifest = Files.readString(example.resolve("package.yaml"));
        assertTrue(manifest.contains("    value: n_exited\n"));
        Files.writeString(dir.resolve("package.yaml"), manifest.replace("    value: n_exited\n",
                "    value: n_exited\n    max-series: 3\n"));
        Path shell = dir.resolve("cap" + ProcessHandle.current().pid() % 100_000);
        Files.copy(Path.of("/bin/sh"), shell);
        shell.toFile().setExecutable(true);
        int port = PrometheusServer.freePort();
        try (RunnerProcess r = RunnerProcess.start("run", dir.toString(), "--metrics", "127.0.0.1:" + port)) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int code = 1; code <= 6; code++) {
                new ProcessBuilder(shell.toString(), "-c", "exit " + code).start().waitFor();
            }
            HttpClient http = HttpClient.newHttpClient();
            String refused = "ecli_metric_series_refused_total{metric=\"process_exits\",package=\"exitstats\"} ";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                List<String> lines = body.lines().toList();
                long exposed = lines.stream().filter(l -> l.startsWith("process_exits_total{")).count();
                double left = lines.stream().filter(l -> l.startsWith(refused))
                        .mapToDouble(l -> Double.parseDouble(l.substring(refused.length()))).sum();
                // At least our six keys are in the map: three served, the others counted.
                if (left >= 3) {
                    assertEquals(3, exposed, body);
                    assertTrue(lines.contains("process_age_ms_bucket{comm=\"" + shell.getFileName()
                            + "\",le=\"+Inf\"} 6"), "the histogram keeps its own cap (500): " + body);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail("refused series not counted: " + body);
                }
                Thread.sleep(200);
            }
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }
}
