package dev.ecli.runner.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libbpf attaches tracepoints through tracefs at /sys/kernel/tracing; many hosts boot without
 * it mounted, so the runner mounts it itself.
 */
public final class Tracefs {
    /** Where libbpf looks first. */
    public static final Path MOUNT_POINT = Path.of("/sys/kernel/tracing");

    private Tracefs() {}

    /**
     * Mounts tracefs at {@link #MOUNT_POINT} unless it already is.
     * @throws SysException when mounting fails (e.g. not root, or no tracefs in the kernel)
     */
    public static void ensureMounted() throws SysException {
        if (isMounted(Path.of("/proc/self/mounts"))) {
            return;
        }
        try {
            Libc.mount("tracefs", MOUNT_POINT.toString(), "tracefs");
        } catch (SysException e) {
            throw new SysException("tracepoints need tracefs, and " + e.getMessage()
                    + "; mount it with 'mount -t tracefs tracefs " + MOUNT_POINT + "'", e.errno());
        }
    }

    /** Whether a mounts table lists a tracefs at {@link #MOUNT_POINT}. */
    static boolean isMounted(Path mounts) {
        try {
            for (String line : Files.readAllLines(mounts)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(MOUNT_POINT.toString()) && f[2].equals("tracefs")) {
                    return true;
                }
            }
        } catch (IOException e) {
            // Unknown: try to mount; mount itself reports what is wrong.
        }
        return false;
    }
}
