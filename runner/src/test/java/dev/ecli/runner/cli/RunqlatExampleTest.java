package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/runqlat: a map sampled by the runner and drawn as a log2 histogram. The test keeps
 * more busy shells than there are CPUs, so each waits for a CPU, and checks the histogram of
 * one of them (per-process mode, its pid as filter) and the table layout of periodic prints.
 */
@Tag("bpf")
class RunqlatExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROW = Pattern.compile(" *(\\d+) -> (\\d+) +: (\\d+) +\\|([* ]{40})\\|");

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/runqlat").toString();
    }

    /** More CPU-bound shells than CPUs: every one of them keeps waiting on a run queue. */
    private static List<Process> busy() throws Exception {
        List<Process> out = new ArrayList<>();
        for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
            out.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
        return out;
    }

    @Test
    void perProcessJsonHistogramOfABusyShell() throws Exception {
        RunnerProcess.requireBpf();
        List<Process> shells = busy();
        long target = shells.getFirst().pid();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json", "--per-process", "--pid",
                Long.toString(target), "--duration", "2")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(1, r.allStdout.size(), "one histogram, the target's: " + r.allStdout);
            JsonNode h = JSON.readTree(r.allStdout.getFirst());
            assertEquals(List.of("_map", "tgid", "comm", "unit", "total", "buckets"), SigsnoopExampleTest.names(h));
            assertEquals("hists", h.get("_map").asText());
            assertEquals(target, h.get("tgid").asLong());
            assertEquals("sh", h.get("comm").asText());
            assertEquals("usecs", h.get("unit").asText());
            long total = 0;
            long widest = 0;
            JsonNode buckets = h.get("buckets");
            for (int i = 0; i < buckets.size(); i++) {
                JsonNode b = buckets.get(i);
                assertEquals(i == 0 ? 0 : 1L << i, b.get("low").asLong(), "log2 bucket " + i);
                assertEquals((1L << (i + 1)) - 1, b.get("high").asLong(), "log2 bucket " + i);
                total += b.get("count").asLong();
                if (b.get("count").asLong() > 0) {
                    widest = b.get("high").asLong();
                }
            }
            assertTrue(buckets.get(buckets.size() - 1).get("count").asLong() > 0, "ends at the last non-empty bucket");
            assertEquals(h.get("total").asLong(), total);
            assertTrue(total >= 5, "a busy shell sharing a CPU waits often: " + h);
            assertTrue(widest >= 1023, "and sometimes for a scheduler slice (ms): " + h);
        } finally {
            shells.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void tableDrawsPeriodicHistogramsAsBccDoes() throws Exception {
        RunnerProcess.requireBpf();
        List<Process> shells = busy();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--interval", "500", "--duration", "1.8")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            List<String> out = r.allStdout;
            List<Integer> titles = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).equals("hists:")) {
                    titles.add(i);
                }
            }
            assertTrue(titles.size() >= 3, "every 500 ms and at the end: " + out);
            for (int t : titles) {
                assertEquals("", out.get(t - 2), out.toString());
                assertTrue(out.get(t - 1).matches("\\d\\d:\\d\\d:\\d\\d"), "periodic prints carry the time: " + out);
                assertEquals("     usecs               : count    distribution", out.get(t + 1));
                long max = 0;
                List<Matcher> rows = new ArrayList<>();
                for (int i = t + 2; i < out.size() && !out.get(i).isEmpty(); i++) {
                    Matcher m = ROW.matcher(out.get(i));
                    assertTrue(m.matches(), out.get(i));
                    rows.add(m);
                    max = Math.max(max, Long.parseLong(m.group(3)));
                }
                assertTrue(!rows.isEmpty(), "busy shells wait every interval: " + out);
                for (int i = 0; i < rows.size(); i++) {
                    Matcher m = rows.get(i);
                    assertEquals(i == 0 ? 0 : 1L << i, Long.parseLong(m.group(1)));
                    assertEquals((1L << (i + 1)) - 1, Long.parseLong(m.group(2)));
                    long stars = m.group(4).chars().filter(c -> c == '*').count();
                    assertEquals(Long.parseLong(m.group(3)) * 40 / max, stars, "stars scale to the largest count");
                }
            }
        } finally {
            shells.forEach(Process::destroyForcibly);
        }
    }
}
