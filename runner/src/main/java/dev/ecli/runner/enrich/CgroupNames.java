package dev.ecli.runner.enrich;

import dev.ecli.runner.sys.CgroupHandles;
import dev.ecli.runner.sys.DirEntries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Cgroup v2 ids to paths, as an index a thread of its own keeps: a cgroup's id (what
 * {@code bpf_get_current_cgroup_id()} returns) is the inode number of its directory in cgroupfs,
 * so the thread walks the tree (readdir only, no stat per file) and swaps in the new index
 * whole. A lookup is one map read and never waits for a walk, except the very first lookup,
 * which waits up to {@link #FIRST_WALK_WAIT_NANOS} for the first index. An id the index lacks
 * (a cgroup made since) is opened by its file handle ({@link CgroupHandles}: two system calls,
 * at most {@link #HANDLES_PER_SECOND} a second); where that is refused, or over that rate, it
 * reads as unknown and asks for another walk, at once when the last one is older than
 * {@link #RESCAN_NANOS} (or twice its own length, when walks are slow: walking takes at most a
 * third of a core), and an id {@link #TRIES} walks did not find is not asked about again for
 * {@link #GIVE_UP_NANOS}. So a cgroup made after a walk is named at its first event (by
 * handle), or else once the next walk finds it; never cached as unknown for good.
 * Lookups are thread-safe.
 */
public final class CgroupNames implements AutoCloseable {
    /** The least time between two walks. */
    static final long RESCAN_NANOS = 1_000_000_000L;
    /** Walks that look for a missed id before it is given up for a while. */
    static final int TRIES = 3;
    /** How long a given-up id reads as unknown without asking for a walk. */
    static final long GIVE_UP_NANOS = 30_000_000_000L;
    /** How long the first lookup waits for the first walk. */
    static final long FIRST_WALK_WAIT_NANOS = 3_000_000_000L;
    /** Missed ids waiting for a walk, and given-up ids, kept at most (each). */
    static final int MAX_MISSED = 4096;
    /** Misses resolved by file handle per second at most; the rest wait for a walk. */
    static final int HANDLES_PER_SECOND = 1000;
    /** Cgroups one walk indexes at most. */
    static final int MAX_CGROUPS = 1 << 20;

    private final Path root;
    private final LongSupplier clock;
    private volatile Map<Long, String> paths = Map.of();
    /** Found by handle since the last walk (bounded by {@link #MAX_MISSED}). */
    private final Map<Long, String> opened = new ConcurrentHashMap<>();
    private final CgroupHandles handles;
    private long handleWindow;
    private int handlesInWindow;
    /** Missed ids and how many walks have not found them. */
    private final Map<Long, Integer> missed = new ConcurrentHashMap<>();
    /** Given-up ids and when they may be asked about again. */
    private final Map<Long, Long> givenUp = new ConcurrentHashMap<>();
    private final Semaphore asked = new Semaphore(0);
    private final CountDownLatch firstWalk = new CountDownLatch(1);
    private final Thread worker;
    private volatile boolean waited, closed;
    private volatile long walks, walkNanos, walkEnded;

    /**
     * Starts indexing at once, on a daemon thread.
     * @param root the cgroup2 mount (see {@link #cgroup2Root}); null for none, then every lookup is null
     */
    public CgroupNames(Path root) {
        this(root, System::nanoTime, true);
    }

    /** With {@code threaded} false nothing walks until {@link #refresh} is called (tests). */
    CgroupNames(Path root, LongSupplier clock, boolean threaded) {
        this(root, clock, threaded, root == null ? null : CgroupHandles.open(root));
    }

    /** {@code handles} null: misses only ask for walks. */
    CgroupNames(Path root, LongSupplier clock, boolean threaded, CgroupHandles handles) {
        this.root = root;
        this.clock = clock;
        this.handles = handles;
        if (root == null || !threaded) {
            worker = null;
            waited = root == null;
            return;
        }
        worker = Thread.ofPlatform().daemon().name("cgroup-index").start(this::work);
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

    /** The path of cgroup {@code id} below the root ("/" for the root itself), or null when unknown (yet). */
    public String path(long id) {
        if (root == null) {
            return null;
        }
        if (!waited) {
            awaitFirstWalk();
        }
        String p = paths.get(id);
        if (p == null) {
            p = opened.get(id);
        }
        if (p != null) {
            return p;
        }
        long now = clock.getAsLong();
        Long until = givenUp.get(id);
        if (until != null && now - until < 0) {
            return null;
        }
        if (handles != null && handles.available() && handleAllowed(now)) {
            p = handles.path(id);
            if (p != null) {
                if (opened.size() >= MAX_MISSED) {
                    opened.clear(); // mostly cgroups gone since: the next walk would drop them too
                }
                opened.put(id, p);
                return p;
            }
            if (handles.available()) {
                giveUp(id, now); // no such cgroup now: a walk would not find it either
                return null;
            }
        }
        if (missed.size() < MAX_MISSED && missed.putIfAbsent(id, 0) == null) {
            asked.release();
        }
        return null;
    }

    /** Whether one more handle lookup fits this second's budget. */
    private synchronized boolean handleAllowed(long now) {
        if (now - handleWindow >= 1_000_000_000L) {
            handleWindow = now;
            handlesInWindow = 0;
        }
        return handlesInWindow++ < HANDLES_PER_SECOND;
    }

    private void giveUp(long id, long now) {
        if (givenUp.size() >= MAX_MISSED) {
            givenUp.clear();
        }
        givenUp.put(id, now + GIVE_UP_NANOS);
    }

    /** Walks done so far (tests, benchmarks). */
    long walks() {
        return walks;
    }

    /** Missed ids waiting for a walk (tests). */
    int waiting() {
        return missed.size();
    }

    /** How long the last walk took, in nanoseconds. */
    long walkNanos() {
        return walkNanos;
    }

    private void awaitFirstWalk() {
        try {
            firstWalk.await(FIRST_WALK_WAIT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waited = true;
    }

    private void work() {
        refresh();
        firstWalk.countDown();
        try {
            while (!closed) {
                asked.acquire();
                long wait = walkEnded + Math.max(RESCAN_NANOS, 2 * walkNanos) - clock.getAsLong();
                if (wait > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                }
                asked.drainPermits();
                refresh();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * Walks the tree once, swaps in the new index, and settles the missed ids: found, or one try
     * more (given up after {@link #TRIES}).
     */
    void refresh() {
        long start = clock.getAsLong();
        Map<Long, String> fresh = walk();
        paths = fresh;
        long now = clock.getAsLong();
        walkNanos = now - start;
        walkEnded = now;
        walks++;
        for (Long id : missed.keySet()) {
            if (fresh.containsKey(id)) {
                missed.remove(id);
            } else if (missed.merge(id, 1, Integer::sum) >= TRIES) {
                missed.remove(id);
                giveUp(id, now);
            }
        }
        opened.keySet().removeIf(fresh::containsKey);
        givenUp.values().removeIf(until -> now - until >= 0);
    }

    /** Every directory below the root (the root too) by inode; what vanishes meanwhile is left out. */
    private Map<Long, String> walk() {
        Map<Long, String> found = new HashMap<>();
        try {
            found.put(((Number) Files.getAttribute(root, "unix:ino")).longValue(), "/");
        } catch (IOException | RuntimeException e) {
            return found;
        }
        byte[] top = root.toString().getBytes(StandardCharsets.UTF_8);
        ArrayDeque<byte[]> dirs = new ArrayDeque<>();
        dirs.push(new byte[0]);
        while (!dirs.isEmpty() && found.size() < MAX_CGROUPS && !closed) {
            byte[] rel = dirs.pop();
            byte[] dir = java.util.Arrays.copyOf(top, top.length + rel.length);
            System.arraycopy(rel, 0, dir, top.length, rel.length);
            DirEntries.subdirectories(dir, (name, inode) -> {
                byte[] child = slash(rel, name);
                found.put(inode, new String(child, StandardCharsets.UTF_8));
                dirs.push(child);
            });
        }
        return found;
    }

    /** {@code a + "/" + b}. */
    private static byte[] slash(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = '/';
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }

    /** Stops the thread (a walk in progress ends early). */
    @Override
    public void close() {
        closed = true;
        if (handles != null) {
            handles.close();
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
