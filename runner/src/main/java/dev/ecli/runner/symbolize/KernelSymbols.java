package dev.ecli.runner.symbolize;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Kernel addresses to names, from {@code /proc/kallsyms} (text symbols only), as
 * {@code function+0xoffset}; an address before the first symbol, or when the addresses are
 * hidden (kptr_restrict: all zero), stays a hex number. Read once; immutable.
 */
public final class KernelSymbols {
    private final long[] addresses;
    private final String[] names;

    private KernelSymbols(long[] addresses, String[] names) {
        this.addresses = addresses;
        this.names = names;
    }

    /** Read on first use, once for the whole process: every kernel address shown is named from it. */
    private static final class Shared {
        static final KernelSymbols SYMBOLS = load();
    }

    /** The running kernel's symbols, read once per process (stacks and the ksym format share them). */
    public static KernelSymbols shared() {
        return Shared.SYMBOLS;
    }

    /** The running kernel's symbols; none when /proc/kallsyms cannot be read. */
    public static KernelSymbols load() {
        return load(Path.of("/proc/kallsyms"));
    }

    static KernelSymbols load(Path file) {
        int n = 0;
        long[] addr = new long[1 << 17];
        String[] name = new String[1 << 17];
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (String line; (line = r.readLine()) != null; ) {
                // ffffffff81000000 T _stext [module]
                int s1 = line.indexOf(' ');
                if (s1 <= 0 || s1 + 3 > line.length()) {
                    continue;
                }
                char type = line.charAt(s1 + 1);
                if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
                    continue;
                }
                long a = Long.parseUnsignedLong(line.substring(0, s1), 16);
                if (a == 0) {
                    continue;
                }
                int end = line.indexOf('\t', s1 + 3);
                String sym = end < 0 ? line.substring(s1 + 3) : line.substring(s1 + 3, end);
                if (n == addr.length) {
                    addr = Arrays.copyOf(addr, n * 2);
                    name = Arrays.copyOf(name, n * 2);
                }
                addr[n] = a;
                name[n] = sym;
                n++;
            }
        } catch (IOException | RuntimeException e) {
            n = 0;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] a0 = addr;
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(a0[x], a0[y]));
        long[] sortedAddr = new long[n];
        String[] sortedName = new String[n];
        for (int i = 0; i < n; i++) {
            sortedAddr[i] = addr[order[i]];
            sortedName[i] = name[order[i]];
        }
        return new KernelSymbols(sortedAddr, sortedName);
    }

    /** How many symbols were read. */
    public int size() {
        return addresses.length;
    }

    /** {@code vfs_read+0x9d} for an address in vfs_read, else {@code 0xffffffff81234567}. */
    public String name(long address) {
        int lo = 0, hi = addresses.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return "0x" + Long.toHexString(address);
        }
        long offset = address - addresses[found];
        return offset == 0 ? names[found] : names[found] + "+0x" + Long.toHexString(offset);
    }
}
