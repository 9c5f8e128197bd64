package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run no longer does silently (issue 29): options without effect are named, what filters
 * leave out is counted, map-only runs count their prints, the runner's own events are left out,
 * and --enrich knows the command line of a process that exits or exec's before its events are read.
 * The process field comes from an overlay of examples/opensnoop that marks {@code pid} as one.
 */
@Tag("bpf")
class SilenceRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String example(String name) {
        return RunnerProcess.repoRoot().resolve("examples/" + name).toString();
    }

    private static String exitsnoop() {
        return RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
    }

    /** examples/opensnoop with its pid marked {@code format: process}. */
    private String opensnoopWithProcess() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("os"));
        Files.writeString(dir.resolve("package.yaml"), "base: " + example("opensnoop") + "\n"
                + "exports:\n  - map: rb\n    fields:\n      pid: {format: process}\n");
        return dir.toString();
    }

    @Test
    void optionsWithoutEffectAreNamedAndAMapOnlyRunCountsPrints() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", example("runqlat"), "-q", "--duration", "1",
                "--filter", "x==1", "--fields", "a", "--enrich", "--include-self")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            List<String> err = List.copyOf(r.stderr);
            assertEquals("ecli-java: --filter has no effect: it applies to event streams, and runqlat exports none"
                    + " (only sampled maps)", err.get(0), err.toString());
            assertEquals("ecli-java: --fields has no effect: it applies to event streams, and runqlat exports none"
                    + " (only sampled maps)", err.get(1), err.toString());
            assertEquals("ecli-java: --enrich has no effect: runqlat marks no field 'format: cgroup' or"
                    + " 'format: process' (nor types one ecli_cgroup_id or ecli_pid)", err.get(2), err.toString());
            assertEquals("ecli-java: --include-self has no effect: runqlat marks no field 'format: process' (nor"
                    + " types one ecli_pid), so no event is left out as the runner's own", err.get(3), err.toString());
            // One print at the end (no interval given): the summary says so, not "0 events".
            assertTrue(err.get(4).matches("ecli-java: 1 map print in [0-9.]+ s \\(stopped: --duration reached\\)"),
                    err.toString());
            assertEquals(4 + 1, err.size(), err.toString());
        }
        try (RunnerProcess r = RunnerProcess.start("run", exitsnoop(),
                "-q", "--duration", "0.5", "--enrich", "--filter", "exit_code==0")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertTrue(r.stderr.stream().noneMatch(l -> l.contains("no effect")),
                    "exitsnoop marks cgroup_id: " + r.stderr);
        }
    }

    @Test
    void theSummaryCountsWhatTheFilterLeftOut() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", exitsnoop(),
                "-o", "json", "--filter", "exit_code==7")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int code : new int[] {7, 8, 8, 8}) {
                Process p = new ProcessBuilder("sh", "-c", "exit " + code).start();
                assertEquals(code, p.waitFor());
            }
            r.awaitLine(l -> l.contains("\"exit_code\":7"), 10);
            Thread.sleep(300);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            long shown = r.allStdout.size();
            String last = r.stderr.getLast();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("ecli-java: (\\d+) events?, (\\d+) filtered out in .*").matcher(last);
            assertTrue(m.matches(), last);
            assertEquals(shown, Long.parseLong(m.group(1)));
            assertTrue(Long.parseLong(m.group(2)) >= 3, "our three exits with 8 at least: " + last);
        }
    }

    /**
     * A shell older than the run opens a file on cue: --enrich reads its command line from /proc,
     * an open the runner itself makes. Left out by default, shown with --include-self.
     */
    @Test
    void theRunnersOwnEventsAreLeftOutUnlessIncluded() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = opensnoopWithProcess();
        for (boolean include : new boolean[] {false, true}) {
            Process sh = new ProcessBuilder("sh", "-c", "read x; exec 3</etc/hostname; read y").start();
            List<String> args = new ArrayList<>(List.of("run", pkg, "--enrich", "-o", "json"));
            if (include) {
                args.add("--include-self");
            }
            try (RunnerProcess r = RunnerProcess.start(args.toArray(String[]::new));
                 OutputStream in = sh.getOutputStream()) {
                r.awaitStderr(l -> l.contains("attached"), 30);
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                String proc = "/proc/" + sh.pid() + "/cmdline";
                JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + sh.pid() + ",")
                        && l.contains("/etc/hostname"), 10));
                assertEquals("sh -c read x; exec 3</etc/hostname; read y", e.get("cmdline").asText());
                if (include) {
                    JsonNode own = JSON.readTree(r.awaitLine(l -> l.contains(proc), 10));
                    assertEquals(r.process.pid(), own.get("pid").asLong());
                }
                in.write("done\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertEquals(0, sh.waitFor());
                Thread.sleep(500);
                assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
                if (!include) {
                    String self = "\"pid\":" + r.process.pid() + ",";
                    assertFalse(r.allStdout.stream().anyMatch(l -> l.contains(self) || l.contains(proc)),
                            "no event of the runner's own: "
                                    + r.allStdout.stream().filter(l -> l.contains(self)).toList());
                }
            }
        }
    }

    @Test
    void enrichKnowsAShortLivedCommandLineAndTheOneAfterAnExec() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", opensnoopWithProcess(), "--enrich", "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            // Older than nothing: dd is gone long before its events are read.
            Process dd = new ProcessBuilder("sh", "-c", "exec dd if=/dev/zero of=/dev/null count=1").start();
            assertEquals(0, dd.waitFor());
            // Read through /proc first (a shell's own open), then the same pid exec's cat.
            Process sh = new ProcessBuilder("sh", "-c", "exec 3</etc/hostname; read x; exec cat /etc/hostname")
                    .start();
            JsonNode before = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + sh.pid() + ",")
                    && l.contains("\"comm\":\"sh\"") && l.contains("\"/etc/hostname\""), 10));
            assertEquals("sh -c exec 3</etc/hostname; read x; exec cat /etc/hostname", before.get("cmdline").asText());
            try (OutputStream in = sh.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(0, sh.waitFor());
            JsonNode after = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + sh.pid() + ",")
                    && l.contains("\"comm\":\"cat\"") && l.contains("\"/etc/hostname\""), 10));
            assertEquals("cat /etc/hostname", after.get("cmdline").asText());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            List<JsonNode> ofDd = new ArrayList<>();
            for (String l : r.allStdout) {
                if (l.contains("\"pid\":" + dd.pid() + ",") && l.contains("\"comm\":\"dd\"")) {
                    ofDd.add(JSON.readTree(l));
                }
            }
            assertFalse(ofDd.isEmpty(), "dd opens its libraries");
            for (JsonNode e : ofDd) {
                assertEquals("dd if=/dev/zero of=/dev/null count=1", e.get("cmdline").asText(), e.toString());
            }
        }
    }

    /** A subshell forks without exec: it starts with its parent's command line, kept at the fork. */
    @Test
    void enrichGivesAForkedChildItsParentsCommandLine() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", opensnoopWithProcess(), "--enrich", "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process sh = new ProcessBuilder("sh", "-c", "(exec 3</etc/hostname); echo $$").start();
            assertEquals(0, sh.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"comm\":\"sh\"")
                    && l.contains("\"/etc/hostname\"") && !l.contains("\"pid\":" + sh.pid() + ","), 10));
            assertEquals("sh -c (exec 3</etc/hostname); echo $$", e.get("cmdline").asText(), e.toString());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }
}
