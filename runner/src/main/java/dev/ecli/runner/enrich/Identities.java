package dev.ecli.runner.enrich;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One run's names for cgroup ids and process ids, each kept as the UTF-8 bytes sinks write, so
 * an event from a known cgroup costs one map lookup (none when it repeats the last one); the
 * cgroup tree is walked by {@link CgroupNames}' own thread, never by the one that decodes.
 * Unknown names are empty in every field. Used by the thread that decodes; bounded like the
 * caches below it.
 */
public final class Identities {
    /** The most cgroups and processes remembered. */
    static final int LIMIT = 8192;
    private static final byte[] NONE = new byte[0];

    /** What a cgroup id names: its path, systemd unit, container runtime and id (empty when none). */
    public record Cgroup(byte[] path, byte[] unit, byte[] runtime, byte[] container) {
        static final Cgroup UNKNOWN = new Cgroup(NONE, NONE, NONE, NONE);
    }

    private final CgroupNames names;
    private final Processes processes;
    private final Map<Long, Cgroup> cgroups = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Cgroup> e) {
            return size() > LIMIT;
        }
    };
    /** Command lines kept at exec (see {@link #useExecs}); null: /proc only. */
    private volatile IntFunction<byte[]> execs;
    private long lastId; // 0 is no cgroup's id (the root's is its inode, 1 or more)
    private Cgroup last = Cgroup.UNKNOWN;

    /** Names from this host's cgroup2 mount and /proc. */
    public Identities() {
        this(new CgroupNames(CgroupNames.cgroup2Root()), new Processes(LIMIT));
    }

    Identities(CgroupNames names, Processes processes) {
        this.names = names;
        this.processes = processes;
    }

    /** The cgroup with id {@code id}; {@link Cgroup#UNKNOWN}'s empty names when none is known (yet). */
    public Cgroup cgroup(long id) {
        if (id == lastId) {
            return last;
        }
        Cgroup c = cgroups.get(id);
        if (c == null) {
            String path = names.path(id);
            if (path == null) {
                return Cgroup.UNKNOWN; // not kept: a later walk may find it
            }
            Container k = Container.of(path);
            c = new Cgroup(utf8(path), utf8(k.unit()), utf8(k.runtime()), utf8(k.containerId()));
            cgroups.put(id, c);
        }
        lastId = id;
        last = c;
        return c;
    }

    /**
     * Command lines as each exec left them, by process id (null: none kept for it), asked before
     * /proc: they outlive a short-lived process and are never stale after an exec.
     */
    public void useExecs(IntFunction<byte[]> execs) {
        this.execs = execs;
    }

    /** The command line of process {@code id}, empty when it is gone and was not kept at its exec. */
    public byte[] cmdline(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            return NONE;
        }
        IntFunction<byte[]> kept = execs;
        byte[] b = kept == null ? null : kept.apply((int) id);
        return b != null ? b : utf8(processes.of((int) id).cmdline());
    }

    /** Processes remembered now (for the bound's test and the benchmark). */
    int processesKept() {
        return processes.size();
    }

    private static byte[] utf8(String s) {
        return s == null ? NONE : s.getBytes(StandardCharsets.UTF_8);
    }
}
