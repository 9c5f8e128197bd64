package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --top over exitsnoop: an exit storm from three commands the test names (copies of true run
 * 30, 20 and 10 times) shows them in that order with exact counts, redrawn in place in a real
 * terminal (tmux), as repeated tables into a pipe and as JSON snapshots. Only the storm counts:
 * --filter on its parent and its names.
 */
@Tag("bpf")
class TopRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {"topalpha", "topbravo", "topcharlie"};
    private static final int[] RUNS = {30, 20, 10};

    @TempDir
    Path dir;

    private void storm() throws Exception {
        for (int k = 0; k < NAMES.length; k++) {
            Path cmd = dir.resolve(NAMES[k]);
            Files.copy(Path.of("/bin/true"), cmd, StandardCopyOption.REPLACE_EXISTING);
            cmd.toFile().setExecutable(true);
        }
        // Interleaved, so the order comes from the counts, not from the time of arrival.
        for (int i = 0; i < RUNS[0]; i++) {
            for (int k = 0; k < NAMES.length; k++) {
                if (i < RUNS[k]) {
                    assertEquals(0, new ProcessBuilder(dir.resolve(NAMES[k]).toString()).start().waitFor());
                }
            }
        }
    }

    private static String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("run", RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(),
                "--top", "5", "--sort", "count", "--by", "comm", "--filter", "ppid==" + ProcessHandle.current().pid(),
                // tmux's own clients are our children too
                "--filter", "comm~^top"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void redrawsInPlaceInATerminal() throws Exception {
        RunnerProcess.requireBpf();
        boolean have = new ProcessBuilder("sh", "-c", "command -v tmux").start().waitFor() == 0;
        assertTrue(have, "tmux is needed (scripts/setup.sh installs it)");
        Path launcher = RunnerProcess.launcher(dir);
        StringBuilder cmd = new StringBuilder("'" + launcher + "'");
        for (String a : args("--refresh", "0.2", "-q")) {
            cmd.append(" '").append(a).append('\'');
        }
        String session = "ecli-top-" + ProcessHandle.current().pid();
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "30", cmd.toString());
        try {
            String pane = "";
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!pane.contains("0 events") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                pane = capture(session);
            }
            Thread.sleep(1500); // attached: the first snapshot is drawn after loading
            storm();
            List<String> expected = List.of("COMM        COUNT", "topalpha    30", "topbravo    20", "topcharlie  10");
            List<String> rows = List.of();
            while (System.nanoTime() < deadline) {
                pane = capture(session);
                rows = pane.lines().filter(l -> !l.isBlank()).toList();
                if (rows.size() >= 5 && rows.subList(1, 5).equals(expected)) {
                    break;
                }
                Thread.sleep(200);
            }
            // One snapshot on screen: drawn over the last one, not scrolled below it.
            assertEquals(5, rows.size(), pane);
            assertTrue(rows.getFirst().matches("\\d\\d:\\d\\d:\\d\\d  60 events"), pane);
            assertEquals(expected, rows.subList(1, 5), pane);
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor();
        }
    }

    @Test
    void jsonSnapshotsCarryTheExactCounts() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start(args("-o", "json", "--refresh", "0.2"))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            storm();
            String line = r.awaitLine(l -> l.contains("\"events\":60,"), 10);
            JsonNode rows = JSON.readTree(line).get("rows");
            assertEquals(3, rows.size(), line);
            for (int k = 0; k < NAMES.length; k++) {
                assertEquals(NAMES[k], rows.get(k).get("comm").asText(), line);
                assertEquals(RUNS[k], rows.get(k).get("count").asInt(), line);
            }
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }

    @Test
    void aPipeGetsRepeatedTables() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start(args("--refresh", "0.2"))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            storm();
            r.awaitLine(l -> l.endsWith("  60 events"), 10);
            List<String> table = List.of(r.awaitLine(l -> true, 5), r.awaitLine(l -> true, 5),
                    r.awaitLine(l -> true, 5), r.awaitLine(l -> true, 5));
            assertEquals(List.of("COMM        COUNT", "topalpha    30", "topbravo    20", "topcharlie  10"), table);
            r.awaitLine(l -> l.endsWith("  60 events"), 5); // the next snapshot follows, below
            assertTrue(String.join("\n", r.allStdout).chars().noneMatch(c -> c == '\033'), "no escapes in a pipe");
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }

    @Test
    void aMistakeIsOneLineBeforeAnythingLoads() throws Exception {
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        String[][] cases = {
            {"--sort", "comm", "ecli-java: --sort: field 'comm' is not an integer: sort by count or by an integer"
                    + " field, whose sum per key is shown"},
            {"--by", "nope", "ecli-java: --by: no field 'nope' in event (fields: pid, ppid, exit_code, duration_ns,"
                    + " comm, tid, sig, core_dumped, cgroup_id)"},
        };
        for (String[] c : cases) {
            try (RunnerProcess r = RunnerProcess.start("run", pkg, "--top", "5", c[0], c[1])) {
                assertEquals(2, r.waitFor());
                assertEquals(List.of(c[2]), r.stderr);
            }
        }
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "--sort", "count")) {
            assertEquals(2, r.waitFor());
            assertEquals(List.of("ecli-java: --by, --sort and --refresh go with --top N"), r.stderr);
        }
    }

    private static void run(String... cmd) throws Exception {
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
    }

    private static String capture(String session) throws Exception {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return s;
    }
}
