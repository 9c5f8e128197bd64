package dev.ecli.runner.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any libbpf call, that this process may load and attach BPF programs, so the
 * user gets one clear line instead of an EPERM deep in libbpf.
 */
public final class Privileges {
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private Privileges() {}

    /**
     * Requires CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON, in the effective set.
     * @throws PrivilegeException naming what is missing
     */
    public static void require() throws PrivilegeException {
        long caps = effectiveCapabilities(Path.of("/proc/self/status"));
        if (!allowed(caps)) {
            throw new PrivilegeException("loading BPF programs needs root (or CAP_BPF and CAP_PERFMON);"
                    + " run with sudo");
        }
    }

    /** Whether a CapEff bit set lets us load and attach tracing programs. */
    static boolean allowed(long caps) {
        boolean admin = (caps & (1L << CAP_SYS_ADMIN)) != 0;
        boolean bpf = (caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0;
        return admin || bpf;
    }

    /** The CapEff mask from a /proc status file; 0 when it cannot be read. */
    static long effectiveCapabilities(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Unknown: treat as unprivileged; the caller says what is needed.
        }
        return 0;
    }
}
