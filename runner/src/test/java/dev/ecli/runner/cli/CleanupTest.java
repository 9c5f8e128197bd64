package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGINT and SIGTERM end a run cleanly: exit 0, a summary on stderr, and nothing of ours left
 * in the kernel (checked with bpftool: the programs and maps the run loaded are gone).
 */
@Tag("bpf")
class CleanupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Set<Long> ids(String what) throws Exception {
        Process p = new ProcessBuilder("bpftool", "-j", what, "show").start();
        JsonNode all = JSON.readTree(p.getInputStream().readAllBytes());
        p.waitFor();
        Set<Long> ids = new HashSet<>();
        all.forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalDetachesAndClosesEverything(String signal) throws Exception {
        RunnerProcess.requireBpf();
        Set<Long> progsBefore = ids("prog");
        Set<Long> mapsBefore = ids("map");
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Set<Long> ours = ids("prog");
            ours.removeAll(progsBefore);
            Set<Long> ourMaps = ids("map");
            ourMaps.removeAll(mapsBefore);
            assertFalse(ours.isEmpty(), "the run loaded no program?");
            new ProcessBuilder("true").start().waitFor();
            assertEquals(0, r.signal(signal), r.stderr.toString());
            assertTrue(r.stderr.stream().anyMatch(l -> l.matches("ecli-java: \\d+ events? .*\\(stopped: "
                    + (signal.equals("INT") ? "interrupt" : "terminated") + "\\)")), r.stderr.toString());
            // The kernel frees programs and maps once their last reference closes; allow it a moment.
            for (int i = 0; i < 50; i++) {
                Set<Long> left = ids("prog");
                left.retainAll(ours);
                Set<Long> leftMaps = ids("map");
                leftMaps.retainAll(ourMaps);
                if (left.isEmpty() && leftMaps.isEmpty()) {
                    return;
                }
                Thread.sleep(100);
            }
            Set<Long> left = ids("prog");
            left.retainAll(ours);
            assertTrue(left.isEmpty(), "programs left loaded: " + left);
            Set<Long> leftMaps = ids("map");
            leftMaps.retainAll(ourMaps);
            assertTrue(leftMaps.isEmpty(), "maps left: " + leftMaps);
        }
    }
}
