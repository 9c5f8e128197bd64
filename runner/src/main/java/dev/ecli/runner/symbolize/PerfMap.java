package dev.ecli.runner.symbolize;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JIT's symbol map, {@code /tmp/perf-PID.map} ({@code START SIZE NAME}, hex, one per line),
 * as JVMs ({@code jcmd PID Compiler.perfmap}, {@code -XX:+DumpPerfMapAtExit}), Node and LuaJIT
 * write it. Later lines win where code was compiled again at the same place.
 */
final class PerfMap {
    /** Lines read at most (a bound on memory for a hostile or runaway map). */
    static final int MAX_ENTRIES = 2_000_000;

    private final long[] starts;
    private final long[] ends;
    private final String[] names;

    private PerfMap(long[] starts, long[] ends, String[] names) {
        this.starts = starts;
        this.ends = ends;
        this.names = names;
    }

    /** The map in {@code file}, or null when there is none. */
    static PerfMap read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        record Entry(long start, long end, String name, int line) {}
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null && entries.size() < MAX_ENTRIES) {
                String[] f = line.split(" ", 3);
                if (f.length < 3) {
                    continue;
                }
                try {
                    long start = Long.parseUnsignedLong(strip(f[0]), 16), size = Long.parseUnsignedLong(strip(f[1]), 16);
                    entries.add(new Entry(start, start + size, f[2], entries.size()));
                } catch (NumberFormatException e) {
                    // not an entry
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        // by start; for equal starts the later line first, so it wins
        entries.sort((a, b) -> a.start != b.start ? Long.compareUnsigned(a.start, b.start) : b.line - a.line);
        int n = entries.size();
        long[] s = new long[n], e = new long[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = entries.get(i).start;
            e[i] = entries.get(i).end;
            names[i] = entries.get(i).name;
        }
        return new PerfMap(s, e, names);
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }

    /** The name of the code at {@code address}, or null. */
    String name(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        for (int j = i; j >= 0 && j > i - 16; j--) {
            if (Long.compareUnsigned(address, starts[j]) >= 0 && Long.compareUnsigned(address, ends[j]) < 0) {
                return names[j];
            }
        }
        return null;
    }
}
