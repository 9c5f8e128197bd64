package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A runner started with SIGINT ignored, as a script's {@code ecli-java run ... &} is, still
 * stops on {@code kill -INT}: detached, flushed, summary, exit 0 (as libbpf-tools and
 * bpftrace, which install their handlers over SIG_IGN).
 */
@Tag("bpf")
class IgnoredInterruptTest {
    @Test
    void interruptStopsARunnerStartedWithItIgnored() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess p = RunnerProcess.startWrapped(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"),
                "run", RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(), "-o", "json")) {
            p.awaitStderr(l -> l.contains("attached"), 60);
            Process child = new ProcessBuilder("sh", "-c", "exit 5").start();
            assertEquals(5, child.waitFor());
            p.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ",") && l.contains("\"exit_code\":5"), 20);
            assertEquals(0, p.signal("INT"), String.join("\n", p.stderr));
            assertTrue(p.stderr.getLast().contains("(stopped: interrupt)"), p.stderr.getLast());
        }
    }
}
