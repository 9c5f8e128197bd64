package dev.ecli.runner.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libbpf attaches tracepoints through tracefs at /sys/kernel/tracing; many hosts boot without
 * it mounted, so the runner mounts it itself.
 */
public final class Tracefs {
    /** Where libbpf looks. */
    public static final Path MOUNT_POINT = Path.of("/sys/kernel/tracing");
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private Tracefs() {}

    /**
     * Mounts tracefs at {@link #MOUNT_POINT} unless /proc/self/mounts already lists it there.
     * Safe to call repeatedly and from several processes: losing a race to mount is success.
     * @throws SysException when mounting fails (not root, no tracefs in the kernel, no mount
     *                      point), with a one-line message saying how to do it by hand
     */
    public static void ensureMounted() throws SysException {
        if (isMounted(MOUNTS)) {
            return;
        }
        try {
            Libc.mount("tracefs", MOUNT_POINT.toString(), "tracefs");
        } catch (SysException e) {
            if (isMounted(MOUNTS)) {
                return;
            }
            throw new SysException("tracepoints need tracefs, and " + e.getMessage()
                    + "; mount it with 'mount -t tracefs tracefs " + MOUNT_POINT + "'", e.errno());
        }
    }

    /** Whether a mounts table (the format of /proc/self/mounts) lists tracefs at {@link #MOUNT_POINT}. */
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
