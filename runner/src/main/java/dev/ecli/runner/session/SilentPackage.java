package dev.ecli.runner.session;

import dev.ecli.runner.sys.SysException;
import dev.ecli.runner.sys.Tracefs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run of a package that exports nothing (no ring buffer, perf buffer or sampled map: a program
 * that only calls {@code bpf_printk}, or only fills maps): the user is told where its output goes,
 * and with {@code -v} the kernel's trace pipe is copied to stderr while it runs.
 */
public final class SilentPackage {
    /** Where {@code bpf_printk} writes. */
    public static final Path TRACE_PIPE = Tracefs.MOUNT_POINT.resolve("trace_pipe");

    private SilentPackage() {}

    /** Whether the session prints nothing of its own. */
    public static boolean silent(Session session) {
        return session.streams().isEmpty() && !session.samples();
    }

    /**
     * Says on {@code err} that the package has no output of its own, and with {@code stream} copies
     * the trace pipe to {@code err} on a daemon thread until the process ends.
     */
    public static void announce(String name, PrintStream err, boolean stream) {
        err.println("ecli-java: " + name + " exports no events or maps, so it has no output of its own;"
                + " what it writes with bpf_printk goes to " + TRACE_PIPE
                + (stream ? " (copied here, -v)" : " (-v copies it here)"));
        if (!stream) {
            return;
        }
        Thread t = new Thread(() -> copy(err), "trace-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void copy(PrintStream err) {
        try {
            Tracefs.ensureMounted();
            try (BufferedReader r = Files.newBufferedReader(TRACE_PIPE, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    err.println(line);
                }
            }
        } catch (IOException | SysException e) {
            err.println("ecli-java: cannot read " + TRACE_PIPE + ": " + e.getMessage());
        }
    }
}
