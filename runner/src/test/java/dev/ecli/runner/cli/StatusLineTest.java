package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.output.StatusLine;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status line: its text, how it keeps out of the way of rows on the same terminal, and
 * that a real run shows it on a terminal ({@code script} gives one) but not into a pipe.
 */
class StatusLineTest {
    private static final String ERASE = "\r\033[K";

    @TempDir
    Path tmp;

    @Test
    void text() {
        assertEquals("ecli-java: 0 events | 0/s | 0 dropped | 0:00:00", StatusLine.format(0, 0, 0, 0.2));
        assertEquals("ecli-java: 1 event | 2.5/s | 3 dropped | 0:01:05", StatusLine.format(1, 2.5, 3, 65.9));
        assertEquals("ecli-java: 123456 events | 4321/s | 0 dropped | 2:00:01",
                StatusLine.format(123456, 4321.4, 0, 7201));
        assertEquals("ecli-java: 2 events | 5 filtered out | 0/s | 0 dropped | 0:00:03",
                StatusLine.format(2, 5, 0, 0, 3.2));
        assertEquals("ecli-java: 2 events | 0/s | 0 dropped | 0:00:03", StatusLine.format(2, 0, 0, 0, 3.2),
                "no filtered part while nothing was filtered out");
        assertEquals("ecli-java: 3 map prints | 0 dropped | 0:00:15", StatusLine.formatPrints(3, 0, 15.5));
        assertEquals("ecli-java: 1 map print | 2 dropped | 0:00:01", StatusLine.formatPrints(1, 2, 1));
    }

    @Test
    @Tag("bpf")
    void aMapOnlyRunCountsPrints() throws Exception {
        RunnerProcess.requireBpf();
        String tty = underScript(Map.of(), "run", "examples/runqlat", "--duration", "1.5", "--interval", "200");
        assertTrue(tty.matches("(?s).*ecli-java: [1-9][0-9]* map prints? \\| 0 dropped \\| 0:00:0[0-9].*"), tty);
        assertFalse(tty.contains(" events"), "no event count where there are no events:\n" + tty);
    }

    @Test
    @Tag("bpf")
    void aFilteredRunCountsWhatItLeftOut() throws Exception {
        RunnerProcess.requireBpf();
        // busy() makes 'true' exit with code 0 again and again: all of them are left out.
        String tty = underScript(Map.of(), "run", "packages/exitsnoop", "--duration", "1.5",
                "--filter", "exit_code==99");
        assertTrue(tty.matches("(?s).*ecli-java: 0 events \\| [1-9][0-9]* filtered out \\| [0-9.]+/s \\| .*"), tty);
        String last = tty.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches(".*ecli-java: 0 events, [1-9][0-9]* filtered out in .*"), last);
    }

    @Test
    void rowsEraseTheLineAndCompleteRowsRedrawIt() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StatusLine s = new StatusLine(terminal, () -> 7);
        Sink counted = s.counting(new Sink() {
            @Override
            public void event(EventStream stream, MemorySegment record) {}

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        counted.event(null, MemorySegment.NULL);
        counted.event(null, MemorySegment.NULL);
        assertTrue(s.refresh());
        String line = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("\r\033\\[Kecli-java: 2 events \\| [0-9.]+/s \\| 7 dropped \\| 0:00:00"), line);
        String text = line.substring(ERASE.length());

        OutputStream rows = s.guard(terminal);
        terminal.reset();
        rows.write("half".getBytes(StandardCharsets.UTF_8));
        assertEquals(ERASE + "half", terminal.toString(StandardCharsets.UTF_8), "erased first, not redrawn mid-row");
        terminal.reset();
        assertTrue(s.refresh());
        assertEquals("", terminal.toString(StandardCharsets.UTF_8), "a refresh waits for the row's end");
        rows.write(" row\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(terminal.toString(StandardCharsets.UTF_8).startsWith(" row\n" + ERASE + "ecli-java: 2 events"),
                terminal.toString(StandardCharsets.UTF_8));

        terminal.reset();
        s.close();
        assertEquals(ERASE, terminal.toString(StandardCharsets.UTF_8), "closing erases the line");
        assertFalse(s.refresh());
        assertTrue(text.startsWith("ecli-java: 2 events"));
    }

    /** Runs {@code ecli-java ARGS} under script(1): stdout and stderr are one terminal; returns all it printed. */
    private String underScript(Map<String, String> env, String... args) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path launcher = RunnerProcess.launcher(bin);
        StringBuilder cmd = new StringBuilder(launcher.toString());
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", cmd.toString(), "/dev/null")
                .directory(RunnerProcess.repoRoot().toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        Thread exits = busy(p);
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        exits.interrupt();
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Makes processes exit (events for exitsnoop) while {@code p} runs. */
    private static Thread busy(Process p) {
        return Thread.ofVirtual().start(() -> {
            while (p.isAlive()) {
                try {
                    new ProcessBuilder("true").start().waitFor();
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    @Test
    @Tag("bpf")
    void aRunOnATerminalShowsTheLineAndColoursAndAPipeGetsNeither() throws Exception {
        RunnerProcess.requireBpf();
        String tty = underScript(Map.of(), "run", "packages/exitsnoop", "--duration", "1.5");
        assertTrue(tty.contains(ERASE + "ecli-java: "), "status line drawn in place:\n" + tty);
        assertTrue(tty.matches("(?s).*ecli-java: [1-9][0-9]* events? \\| [0-9.]+/s \\| 0 dropped \\| 0:00:0[0-9].*"), tty);
        assertTrue(tty.contains("\033[1mPID"), "bold header on a terminal:\n" + tty);
        assertTrue(tty.contains("ecli-java: attached exitsnoop"), tty);
        // The summary is the last thing, on a line of its own: the status line was erased before it.
        String last = tty.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches(".*\033\\[Kecli-java: \\d+ events? in .*|ecli-java: \\d+ events? in .*"), last);

        String plain = underScript(Map.of("NO_COLOR", "1"), "run", "packages/exitsnoop", "--duration", "1", "-q");
        assertFalse(plain.contains("\033["), "NO_COLOR and --quiet: no escapes at all:\n" + plain);
        assertFalse(plain.contains("attached"), "--quiet: no attached line:\n" + plain);
        assertTrue(plain.lines().anyMatch(l -> l.startsWith("PID")), plain);

        try (RunnerProcess p = RunnerProcess.start("run", RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(),
                "--duration", "1.5")) {
            Thread exits = busy(p.process);
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            exits.interrupt();
            List<String> lines = new ArrayList<>(p.stderr);
            assertTrue(lines.stream().noneMatch(l -> l.contains("\r") || l.contains("\033") || l.contains(" | ")),
                    "no status line into a pipe: " + lines);
            assertTrue(p.allStdout.size() > 1, "events were seen: " + p.allStdout.size());
            assertTrue(p.allStdout.stream().noneMatch(l -> l.contains("\033")), "no colours into a pipe");
        }
    }
}
