package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/bashreadline: a uretprobe whose binary comes from a parameter at run time. The test
 * types lines into interactive shells it starts on a pseudo-terminal ({@code script}), so they
 * read them with readline(), and checks each line comes out, from the shell named by --shell only.
 */
@Tag("bpf")
class BashreadlineExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/bashreadline").toString();
    }

    /** Runs {@code shell} interactively on a pty, types {@code line} and exit; returns the shell's pid. */
    private static long type(String shell, String line) throws Exception {
        Process script = new ProcessBuilder("script", "-qc", shell + " --norc --noprofile -i", "/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        long shellPid = -1;
        for (int i = 0; i < 200 && shellPid < 0; i++) {
            shellPid = script.descendants().filter(p -> p.info().command().orElse("").endsWith(
                    Path.of(shell).getFileName().toString())).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            Thread.sleep(10);
        }
        try (OutputStream in = script.getOutputStream()) {
            in.write((line + "\nexit\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(script.waitFor(10, TimeUnit.SECONDS), "the shell did not exit");
        return shellPid;
    }

    @Test
    void linesTypedIntoBashComeOutWithTheShellsPid() throws Exception {
        RunnerProcess.requireBpf();
        String nonce = "ecli-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long shell = type("/bin/bash", "echo " + nonce);
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains(nonce), 10));
            assertEquals(List.of("pid", "comm", "input"), SigsnoopExampleTest.names(e));
            assertEquals("echo " + nonce, e.get("input").asText());
            assertEquals("bash", e.get("comm").asText());
            assertEquals(shell, e.get("pid").asLong());
            JsonNode exit = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + shell + ","), 10));
            assertEquals("exit", exit.get("input").asText());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }

    @Test
    void shellParamChoosesTheBinaryAtRunTime() throws Exception {
        RunnerProcess.requireBpf();
        Path copy = Files.copy(Path.of("/bin/bash"), dir.resolve("ecli-bash"));
        copy.toFile().setExecutable(true);
        String nonce = "ecli-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--shell", copy.toString())) {
            String header = r.awaitLine(l -> !l.isBlank(), 30);
            assertEquals("PID COMM INPUT", header.trim().replaceAll("\\s+", " "));
            r.awaitStderr(l -> l.contains("attached"), 30);
            type("/bin/bash", "echo not-traced-" + nonce);
            long shell = type(copy.toString(), "echo traced-" + nonce);
            String row = r.awaitLine(l -> l.contains(nonce), 10);
            assertTrue(row.matches(shell + " +ecli-bash +echo traced-" + nonce), row);
            assertEquals(0, r.signal("TERM"), "stderr: " + r.stderr);
            assertTrue(r.allStdout.stream().noneMatch(l -> l.contains("not-traced")), r.allStdout.toString());
        }
    }

    @Test
    void aShellThatIsNotThereOrHasNoReadlineIsOneLine() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--shell", "/nonexistent/bash")) {
            assertEquals(4, r.waitFor());
            assertEquals(List.of("ecli-java: attach program printret (SEC uretprobe): no such file /nonexistent/bash"),
                    r.stderr);
        }
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-s", "/bin/true")) {
            assertEquals(4, r.waitFor());
            assertEquals(List.of("ecli-java: attach program printret (SEC uretprobe): no function 'readline' in"
                    + " /bin/true (its symbols: nm -D /bin/true)"), r.stderr);
        }
    }
}
