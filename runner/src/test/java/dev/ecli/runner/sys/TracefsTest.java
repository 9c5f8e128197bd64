package dev.ecli.runner.sys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.libbpf.BpfTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and mounting tracefs. */
class TracefsTest {
    @Test
    void readsTheMountsTable(@TempDir Path dir) throws Exception {
        Path mounts = dir.resolve("mounts");
        Files.writeString(mounts, """
                proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
                debugfs /sys/kernel/debug debugfs rw,relatime 0 0
                tracefs /sys/kernel/debug/tracing tracefs rw,relatime 0 0
                """);
        assertFalse(Tracefs.isMounted(mounts), "only under debugfs");
        Files.writeString(mounts, "none /sys/kernel/tracing tracefs rw,relatime 0 0\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(Tracefs.isMounted(mounts));
        assertFalse(Tracefs.isMounted(dir.resolve("missing")));
    }

    /** Mounts it when missing (this test does not unmount: other tests and tools may use it). */
    @Tag("bpf")
    @Test
    void ensureMountedLeavesItMounted() throws Exception {
        BpfTestSupport.requireBpf();
        Tracefs.ensureMounted();
        Tracefs.ensureMounted();
        assertTrue(Tracefs.isMounted(Path.of("/proc/self/mounts")));
        assertTrue(Files.isDirectory(Path.of("/sys/kernel/tracing/events/sched/sched_process_exit")));
    }
}
