package dev.ecli.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds ELF64 objects embedded in other bytes, e.g. the BPF object a libbpf skeleton binary keeps
 * as a string literal in its {@code .rodata}.
 *
 * <p>A candidate is a {@code \x7fELF} magic followed by a 64-bit little-endian identification
 * and the wanted {@code e_machine}. Its length is where its last part ends: the section table
 * ({@code e_shoff + e_shnum * e_shentsize}) or any section's contents, whichever is further. A
 * candidate whose header or section table does not fit in the bytes is skipped, never read past
 * the end: hostile input yields fewer results, not an exception. Stateless and thread-safe.
 */
public final class EmbeddedElf {
    /** e_machine of eBPF objects. */
    public static final int EM_BPF = 247;

    private static final int HEADER = 64;
    private static final int SHDR = 64;
    private static final int SHT_NOBITS = 8;
    /** More sections than this is not an object anyone compiled; it also bounds the scan. */
    private static final int MAX_SECTIONS = 65_535;

    /** Where an embedded object lies in the outer bytes. */
    public record Range(long offset, long length) {}

    private EmbeddedElf() {}

    /**
     * Every embedded little-endian ELF64 object with this {@code e_machine}, in file order. An
     * object found is not searched again for nested ones.
     *
     * @param bytes   the outer file (not modified)
     * @param machine the wanted {@code e_machine}, e.g. {@link #EM_BPF}
     * @return the ranges, each inside {@code bytes}; empty when there is none
     */
    public static List<Range> find(byte[] bytes, int machine) {
        List<Range> out = new ArrayList<>();
        int at = 0;
        while ((at = indexOfMagic(bytes, at)) >= 0) {
            long length = lengthAt(bytes, at, machine);
            if (length > 0) {
                out.add(new Range(at, length));
                at = (int) Math.min(bytes.length, at + length);
            } else {
                at++;
            }
        }
        return List.copyOf(out);
    }

    /**
     * The first embedded eBPF object's bytes (a copy), or empty when there is none.
     *
     * @param bytes the outer file
     */
    public static Optional<byte[]> firstBpf(byte[] bytes) {
        List<Range> found = find(bytes, EM_BPF);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Range r = found.get(0);
        return Optional.of(Arrays.copyOfRange(bytes, (int) r.offset(), (int) (r.offset() + r.length())));
    }

    private static int indexOfMagic(byte[] b, int from) {
        for (int i = Math.max(0, from); i + 4 <= b.length; i++) {
            if (b[i] == 0x7f && b[i + 1] == 'E' && b[i + 2] == 'L' && b[i + 3] == 'F') {
                return i;
            }
        }
        return -1;
    }

    /** The object's length at {@code at}, or 0 when it is not a whole object of this machine. */
    private static long lengthAt(byte[] b, int at, int machine) {
        long avail = b.length - (long) at;
        if (avail < HEADER || b[at + 4] != 2 || b[at + 5] != 1 || u16(b, at + 18) != machine) {
            return 0;
        }
        long shOff = u64(b, at + 40);
        int shEntSize = u16(b, at + 58);
        int shNum = u16(b, at + 60);
        if (shOff <= 0 || shEntSize < SHDR || shNum == 0 || shNum > MAX_SECTIONS) {
            return 0;
        }
        long tableEnd = shOff + (long) shNum * shEntSize; // at most 2^63 + 2^32: no overflow past shOff < 2^63
        if (tableEnd < shOff || tableEnd > avail) {
            return 0;
        }
        long end = tableEnd;
        for (int i = 0; i < shNum; i++) {
            int h = (int) (at + shOff + (long) i * shEntSize);
            long type = u32(b, h + 4);
            long off = u64(b, h + 24);
            long size = u64(b, h + 32);
            if (type == SHT_NOBITS || i == 0 || size == 0) {
                continue;
            }
            if (off < 0 || size < 0 || off > avail || size > avail - off) {
                return 0;
            }
            end = Math.max(end, off + size);
        }
        return end;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int i) {
        return u16(b, i) | (long) u16(b, i + 2) << 16;
    }

    /** A u64 as a signed long: values of 2^63 and more come out negative and are refused. */
    private static long u64(byte[] b, int i) {
        return u32(b, i) | u32(b, i + 4) << 32;
    }
}
