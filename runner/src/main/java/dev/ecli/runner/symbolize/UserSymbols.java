package dev.ecli.runner.symbolize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names user-space addresses of live processes: the mapping that holds an address, the symbols
 * of its file, or the process's JIT map for anonymous code. Files are read through
 * {@code /proc/PID/map_files} (deleted files and other mount namespaces too) or
 * {@code /proc/PID/root}, cached by device and inode; processes by tgid. Both caches are
 * bounded. An address nothing names is {@link #UNKNOWN}, never a guess; a process gone before
 * its first lookup is {@link #EXITED}. Not thread-safe.
 */
public final class UserSymbols {
    /** An address no symbol covers. */
    public static final String UNKNOWN = "[unknown]";
    /** A process that exited before its addresses were looked up. */
    public static final String EXITED = "[exited]";

    private static final int MAX_PROCESSES = 512, MAX_FILES = 128;

    private final Path proc;
    private final Map<Integer, Process> processes = lru(MAX_PROCESSES);
    private final Map<String, ElfSymbols> files = lru(MAX_FILES);

    /** What one process had mapped when last read, and its JIT map once looked for. */
    private static final class Process {
        final List<Mapping> maps;
        /** The mappings' starts, ascending, for a binary search; symbols by mapping, once read. */
        final long[] starts;
        final ElfSymbols[] symbols;
        final long readAt;
        PerfMap perf;
        boolean perfRead;
        long perfReadAt;

        Process(List<Mapping> maps) {
            List<Mapping> sorted = new java.util.ArrayList<>(maps);
            sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
            this.maps = sorted;
            this.starts = new long[sorted.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = sorted.get(i).start();
            }
            this.symbols = new ElfSymbols[sorted.size()];
            this.readAt = System.nanoTime();
        }
    }

    /** Over this machine's /proc. */
    public UserSymbols() {
        this(Path.of("/proc"));
    }

    UserSymbols(Path proc) {
        this.proc = proc;
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Reads {@code tgid}'s mappings now, while it lives, so that its addresses resolve after it
     * exits (a short-lived process sampled once).
     */
    public void remember(int tgid) {
        if (!processes.containsKey(tgid)) {
            Process p = read(tgid);
            if (p != null) {
                processes.put(tgid, p);
            }
        }
    }

    /** The function at {@code address} in process {@code tgid}: a name, {@link #UNKNOWN} or {@link #EXITED}. */
    public String name(int tgid, long address) {
        Process p = processes.get(tgid);
        if (p == null) {
            p = read(tgid);
            if (p == null) {
                return EXITED;
            }
            processes.put(tgid, p);
        }
        int i = find(p, address);
        if (i < 0 && System.nanoTime() - p.readAt > 100_000_000L) {
            // mapped since we read the maps (a library loaded, code compiled): read them again
            Process fresh = read(tgid);
            if (fresh != null) {
                processes.put(tgid, fresh);
                p = fresh;
                i = find(p, address);
            }
        }
        Mapping m = i < 0 ? null : p.maps.get(i);
        if (m != null && m.fileBacked()) {
            ElfSymbols syms = p.symbols[i];
            if (syms == null) {
                Mapping in = m;
                syms = files.computeIfAbsent(in.dev() + ":" + in.inode(), k -> ElfSymbols.read(path(tgid, in),
                        proc.resolve(tgid + "/root" + in.file())));
                p.symbols[i] = syms;
            }
            long at = syms.addressOf(address - m.start() + m.offset());
            String name = at < 0 ? null : syms.function(at);
            if (name != null) {
                return name;
            }
        }
        String jit = perfMap(tgid, p) == null ? null : p.perf.name(address);
        if (jit == null && (m == null || !m.fileBacked()) && System.nanoTime() - p.perfReadAt > 1_000_000_000L) {
            // a JIT writes its map when asked (jcmd PID Compiler.perfmap): read it again, at most once a second
            p.perfRead = false;
            jit = perfMap(tgid, p) == null ? null : p.perf.name(address);
        }
        return jit != null ? jit : UNKNOWN;
    }

    /** The index of the mapping holding {@code address}, or -1. */
    private static int find(Process p, long address) {
        int lo = 0, hi = p.starts.length - 1, at = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(p.starts[mid], address) <= 0) {
                at = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return at >= 0 && p.maps.get(at).contains(address) ? at : -1;
    }

    /** Where this process can read the file behind {@code m}. */
    private Path path(int tgid, Mapping m) {
        Path byRange = proc.resolve(tgid + "/map_files/" + Long.toHexString(m.start()) + "-" + Long.toHexString(m.end()));
        if (Files.isReadable(byRange)) {
            return byRange;
        }
        return proc.resolve(tgid + "/root" + m.file());
    }

    private PerfMap perfMap(int tgid, Process p) {
        if (!p.perfRead) {
            p.perfRead = true;
            p.perfReadAt = System.nanoTime();
            // the JIT names its map by its own tgid, which differs inside a tgid namespace
            p.perf = PerfMap.read(proc.resolve(tgid + "/root/tmp/perf-" + namespacePid(tgid) + ".map"));
        }
        return p.perf;
    }

    /** The tgid {@code tgid} has in its own tgid namespace (the last of NSpid), or {@code tgid}. */
    int namespacePid(int tgid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(tgid + "/status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Integer.parseInt(f[f.length - 1]);
                }
            }
        } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
            // no status: the tgid as we see it
        }
        return tgid;
    }

    private Process read(int tgid) {
        try {
            return new Process(Mapping.parse(Files.readString(proc.resolve(tgid + "/maps"))));
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
