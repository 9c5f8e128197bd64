package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shell hands us may be broken: stdout closed ({@code >&-}) is one line and exit 2
 * where output would go there, and no matter with {@code -o none --record}; SIGHUP (a closed
 * terminal) stops a run as SIGTERM does, with a summary and a recording that ends properly.
 */
@Tag("bpf")
class HostileStdioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXITSNOOP = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();

    @TempDir
    Path tmp;

    /** ecli-java with {@code redirections} (e.g. {@code >&-}) applied by a shell before it starts. */
    private static RunnerProcess startRedirected(String redirections, String... args) throws Exception {
        return RunnerProcess.startWrapped(List.of("sh", "-c", "exec \"$@\" " + redirections, "sh"), args);
    }

    @Test
    void closedStdoutIsOneLineWhereOutputGoesThere() throws Exception {
        for (String[] args : List.of(new String[] {"run", EXITSNOOP, "-o", "json", "--duration", "3"},
                new String[] {"run", EXITSNOOP, "--top", "3"}, new String[] {"inspect", EXITSNOOP},
                new String[] {"replay", tmp.resolve("none.rec").toString()})) {
            for (String redirect : List.of(">&-", "1</dev/null")) {
                try (RunnerProcess r = startRedirected(redirect, args)) {
                    assertEquals(ExitCodes.USAGE, r.waitFor(), List.of(args) + " " + redirect + ": " + r.stderr);
                    assertEquals(1, r.stderr.size(), r.stderr.toString());
                    assertTrue(r.stderr.getFirst().startsWith("ecli-java: stdout is closed or not writable"),
                            r.stderr.toString());
                }
            }
        }
    }

    @Test
    void recordingRunsOnWithStdoutAndStderrClosed() throws Exception {
        RunnerProcess.requireBpf();
        Path file = tmp.resolve("closed.rec");
        List<Long> pids = new ArrayList<>();
        try (RunnerProcess r = startRedirected(">&- 2>&-", "run", EXITSNOOP, "-o", "none", "--record",
                file.toString(), "--duration", "6")) {
            // No "attached" line to wait for: exits go on until the run ends by itself.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (r.process.isAlive() && System.nanoTime() < deadline) {
                Process child = new ProcessBuilder("sh", "-c", "exit 3").start();
                child.waitFor();
                pids.add(child.pid());
                Thread.sleep(100);
            }
            assertEquals(0, r.waitFor());
        }
        assertEndsWith(file, "duration");
        try (RunnerProcess r = RunnerProcess.start("replay", file.toString(), "-o", "json", "--filter", "exit_code==3")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            assertTrue(r.allStdout.stream().anyMatch(l -> pids.stream().anyMatch(p -> l.startsWith("{\"pid\":" + p
                    + ","))), "no exit of ours recorded: " + r.allStdout.size() + " lines, " + r.stderr);
        }
    }

    @Test
    void hangupStopsLikeTerminateWithACompleteRecording() throws Exception {
        RunnerProcess.requireBpf();
        Path file = tmp.resolve("hup.rec");
        try (RunnerProcess r = RunnerProcess.start("run", EXITSNOOP, "-o", "json", "--record", file.toString())) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            Process child = new ProcessBuilder("sh", "-c", "exit 4").start();
            assertEquals(4, child.waitFor());
            r.awaitLine(l -> l.startsWith("{\"pid\":" + child.pid() + ","), 20);
            assertEquals(0, r.signal("HUP"), r.stderr.toString());
            assertTrue(r.stderr.getLast().contains("(stopped: hangup)"), r.stderr.toString());
        }
        assertEndsWith(file, "hangup");
        try (RunnerProcess r = RunnerProcess.start("replay", file.toString(), "-o", "none")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
        }
    }

    /**
     * A run whose stdout is a pipe nobody reads blocks in its write and cannot finish a stop; a
     * second signal bounds it: the process is gone within {@link Signals#HALT_AFTER_SECONDS}.
     */
    @Test
    void aSecondSignalEndsARunStuckWriting() throws Exception {
        RunnerProcess.requireBpf();
        List<ProcessHandle> started = new ArrayList<>();
        try (RunnerProcess r = startRedirected("| sleep 600", "run", EXITSNOOP, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            r.process.toHandle().descendants().forEach(started::add);
            ProcessHandle runner = r.process.toHandle().descendants()
                    .filter(h -> h.info().command().orElse("").endsWith("java")).findFirst().orElseThrow();
            // About 600 lines of JSON: more than a pipe holds.
            assertEquals(0, new ProcessBuilder("sh", "-c", "for i in $(seq 600); do /bin/true; done").start().waitFor());
            Thread.sleep(1000);
            kill("TERM", runner.pid());
            Thread.sleep(1000);
            assertTrue(runner.isAlive(), "the first signal cannot end a run stuck in its write");
            long second = System.nanoTime();
            kill("TERM", runner.pid());
            runner.onExit().get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - second) / 1e9;
            assertTrue(seconds < Signals.HALT_AFTER_SECONDS + 20, "ended " + seconds + " s after the second signal");
        } finally {
            // The shell's sleep, if it outlived the shell.
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void kill(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
    }

    /** The recording has its end frame, which says why the run stopped. */
    private static void assertEndsWith(Path file, String stopped) throws Exception {
        try (RunnerProcess r = RunnerProcess.start("inspect", file.toString(), "-o", "json")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            JsonNode report = JSON.readTree(String.join("\n", r.allStdout));
            assertTrue(report.get("cut").isNull(), report.toString());
            assertFalse(report.get("end").isNull(), report.toString());
            assertEquals(stopped, report.get("end").get("stopped").asText(), report.toString());
        }
    }
}
