package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A machine without tracefs mounted (the default here): tracepoints attach only once the
 * runner has mounted it itself. Run in a private mount namespace whose tracefs mounts are
 * removed first, so the rest of the machine keeps its own.
 */
@Tag("bpf")
class TracefsMissingTest {
    private static final Path ROOT = RunnerProcess.repoRoot();

    @Test
    void runnerMountsTracefsAndTheTracepointAttaches() throws Exception {
        RunnerProcess.requireBpf();
        // debugfs goes too: libbpf would otherwise find tracefs automounted under it. Exit 99
        // when tracefs is still mounted: the test would prove nothing.
        String unmount = "umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/kernel/debug/tracing 2>/dev/null; umount -l /sys/kernel/debug 2>/dev/null;"
                + " if grep -Eq ' /sys/kernel(/debug)?/tracing ' /proc/self/mounts; then exit 99; fi; exec \"$@\"";
        try (RunnerProcess p = RunnerProcess.startWrapped(
                List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", unmount, "sh"),
                "run", ROOT.resolve("packages/exitsnoop").toString(), "-o", "json", "--failed")) {
            p.awaitStderr(l -> l.contains("attached"), 60);
            Process child = new ProcessBuilder("sh", "-c", "exit 9").start();
            assertEquals(9, child.waitFor());
            String line = p.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 20);
            assertTrue(line.contains("\"exit_code\":9"), line);
            assertEquals(0, p.signal("TERM"), String.join("\n", p.stderr));
        }
    }
}
