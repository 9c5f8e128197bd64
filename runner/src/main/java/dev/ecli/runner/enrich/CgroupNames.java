package dev.ecli.runner.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Cgroup v2 ids to paths. A cgroup's id (what {@code bpf_get_current_cgroup_id()} returns) is
 * the inode number of its directory in cgroupfs, so the tree is walked once and walked again
 * when an unknown id comes, at most once per {@link #RESCAN_NANOS}; ids no walk finds are
 * remembered as unknown. Both maps are bounded: the oldest entries go first.
 */
public final class CgroupNames {
    /** How often an unknown id may make us walk the tree again. */
    static final long RESCAN_NANOS = 1_000_000_000L;
    private final Path root;
    private final int limit;
    private final LongSupplier clock;
    private final Map<Long, String> paths;
    private long lastScan = Long.MIN_VALUE / 2;

    /**
     * @param root  the cgroup2 mount (see {@link #cgroup2Root}); null for none, then every lookup is null
     * @param limit the most paths kept
     */
    public CgroupNames(Path root, int limit) {
        this(root, limit, System::nanoTime);
    }

    CgroupNames(Path root, int limit, LongSupplier clock) {
        this.root = root;
        this.limit = limit;
        this.clock = clock;
        this.paths = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String> e) {
                return size() > CgroupNames.this.limit;
            }
        };
    }

    /** Where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts), or null. */
    public static Path cgroup2Root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) {
                    return Path.of(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: no cgroups to name
        }
        return null;
    }

    /** The path of cgroup {@code id} below the root ("/" for the root itself), or null when unknown. */
    public String path(long id) {
        if (root == null) {
            return null;
        }
        String p = paths.get(id);
        if (p != null) {
            return p.isEmpty() ? null : p;
        }
        long now = clock.getAsLong();
        if (now - lastScan >= RESCAN_NANOS) {
            lastScan = now;
            scan();
            p = paths.get(id);
            if (p != null) {
                return p;
            }
        }
        paths.put(id, ""); // unknown until a later walk finds it
        return null;
    }

    private void scan() {
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isDirectory).forEach(dir -> {
                try {
                    long ino = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
                    String rel = root.relativize(dir).toString();
                    paths.put(ino, "/" + rel);
                } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
                    // a cgroup removed while we walk
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the walk met a vanished directory: what it saw is kept
        }
    }
}
