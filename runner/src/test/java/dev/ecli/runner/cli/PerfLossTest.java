package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A perf event array overflowed on purpose (runner/src/test/bpf/perfloss: 300 records of 4000
 * bytes per burst into 256 KiB per CPU): the kernel's lost-sample count must reach the user,
 * as a warning while running and in the summary.
 */
@Tag("bpf")
class PerfLossTest {
    private static final Pattern LOST =
            Pattern.compile("ecli-java: map events: (\\d+) samples lost by the kernel \\(perf buffer full\\), (\\d+) in all");
    private static final Pattern SUMMARY = Pattern.compile("ecli-java: (\\d+) events, (\\d+) dropped by the kernel in .*");

    @TempDir
    Path dir;

    @Test
    void lostSamplesAreCountedAndShown() throws Exception {
        RunnerProcess.requireBpf();
        // The program bursts on exec of a command named ecli-burst.
        Path burst = Files.copy(Path.of("/bin/true"), dir.resolve("ecli-burst"));
        burst.toFile().setExecutable(true);
        String pkg = RunnerProcess.repoRoot().resolve("runner/src/test/bpf/perfloss").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            // The kernel reports a loss with the next record it manages to write into the same
            // CPU's buffer: burst twice on one CPU (two CPUs would each keep their loss pending).
            for (int i = 0; i < 2; i++) {
                assertEquals(0, new ProcessBuilder("taskset", "-c", "0", burst.toString()).start().waitFor());
                Thread.sleep(300);
            }
            r.awaitStderr(l -> LOST.matcher(l).matches(), 10);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            List<String> lost = r.stderr.stream().filter(l -> LOST.matcher(l).matches()).toList();
            Matcher last = LOST.matcher(lost.getLast());
            assertTrue(last.matches());
            long lostTotal = Long.parseLong(last.group(2));
            long events = r.allStdout.size();
            assertTrue(lostTotal > 0 && events > 0, lostTotal + " lost, " + events + " received");
            assertTrue(events + lostTotal <= 600, "at most two bursts of 300: " + events + " + " + lostTotal);
            assertTrue(events + lostTotal >= 300, "the first burst is accounted for in full");
            Matcher summary = SUMMARY.matcher(r.stderr.getLast());
            assertTrue(summary.matches(), r.stderr.getLast());
            assertEquals(events, Long.parseLong(summary.group(1)));
            assertEquals(lostTotal, Long.parseLong(summary.group(2)));
        }
    }
}
