package dev.ecli.runner.symbolize;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/PID/maps}: an address range, where it starts in its file, the file's
 * device and inode, and its path ({@code [heap]}, {@code [anon:...]} or empty for anonymous memory).
 */
record Mapping(long start, long end, long offset, String dev, long inode, String path) {
    /** Whether {@code address} is in this range. */
    boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** Whether a file backs it (not anonymous memory, a stack, the vdso...). */
    boolean fileBacked() {
        return inode != 0 && path.startsWith("/");
    }

    /** The file's path without the kernel's " (deleted)" mark. */
    String file() {
        return path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path;
    }

    /** Parses the text of a maps file; lines that do not parse are skipped. */
    static List<Mapping> parse(String text) {
        List<Mapping> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            // 7f1c2a000000-7f1c2a022000 r--p 00000000 fe:00 1234 /usr/lib/x86_64-linux-gnu/libc.so.6
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) {
                continue;
            }
            int dash = f[0].indexOf('-');
            try {
                out.add(new Mapping(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                        Long.parseUnsignedLong(f[0].substring(dash + 1), 16), Long.parseUnsignedLong(f[2], 16), f[3],
                        Long.parseLong(f[4]), f.length > 5 ? f[5] : ""));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // not a mapping line
            }
        }
        return out;
    }
}
