package dev.ecli.runner.enrich;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A process's command line and cgroup, from /proc, read once per process id and kept a short while (a
 * process id is reused once its process is reaped) in a bounded cache. A process that has exited reads
 * as unknown: its fields are null.
 */
public final class Processes {
    /** How long what was read about a process id is trusted. */
    static final long TTL_NANOS = 5_000_000_000L;
    /** The most bytes of a command line kept. */
    static final int CMDLINE_MAX = 4096;

    /**
     * @param cmdline its arguments joined by spaces; null when unknown
     * @param cgroup  its cgroup v2 path; null when unknown
     */
    public record Info(String cmdline, String cgroup) {
        static final Info UNKNOWN = new Info(null, null);
    }

    private record Cached(Info info, long at) {}

    private final Path proc;
    private final LongSupplier clock;
    private final Map<Integer, Cached> cache;

    /** @param limit the most pids kept */
    public Processes(int limit) {
        this(Path.of("/proc"), limit, System::nanoTime);
    }

    Processes(Path proc, int limit, LongSupplier clock) {
        this.proc = proc;
        this.clock = clock;
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Cached> e) {
                return size() > limit;
            }
        };
    }

    /** What /proc says of {@code processId} (cached); {@link Info#UNKNOWN}'s nulls when it is gone. */
    public Info of(int processId) {
        if (processId <= 0) {
            return Info.UNKNOWN;
        }
        long now = clock.getAsLong();
        Cached e = cache.get(processId);
        if (e != null && now - e.at() < TTL_NANOS) {
            return e.info();
        }
        Info info = new Info(cmdline(processId), cgroup(processId));
        cache.put(processId, new Cached(info, now));
        return info;
    }

    /** Entries kept now (for the bound's test and the benchmark). */
    int size() {
        return cache.size();
    }

    private String cmdline(int processId) {
        try (var in = Files.newInputStream(proc.resolve(processId + "/cmdline"))) {
            byte[] b = in.readNBytes(CMDLINE_MAX);
            int n = b.length;
            while (n > 0 && b[n - 1] == 0) {
                n--;
            }
            if (n == 0) {
                return null; // a kernel thread, or a zombie
            }
            for (int i = 0; i < n; i++) {
                if (b[i] == 0) {
                    b[i] = ' ';
                }
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String cgroup(int processId) {
        try {
            for (String line : Files.readAllLines(proc.resolve(processId + "/cgroup"))) {
                if (line.startsWith("0::")) {
                    return line.substring(3);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return null;
    }
}
