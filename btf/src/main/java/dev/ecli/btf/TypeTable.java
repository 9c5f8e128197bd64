package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import java.util.Arrays;

/**
 * The BTF type section, walked once: where each type's record starts, with every length,
 * string offset and type reference checked. Records are decoded later, on demand, from the
 * raw accessors here.
 *
 * <p>Every record is a whole number of 32-bit words, so the section is read in one bulk copy
 * into an {@code int[]} in the blob's byte order; the walk then indexes that array, which is
 * fast even before the JIT has compiled it. Wire layout of one type: {@code name_off, info,
 * size_or_type}, then words whose count depends on the kind and {@code vlen}
 * (see {@link #trailingWords}).
 */
final class TypeTable {
    /** Words in a type's header. */
    static final int HEADER = 3;

    private final ByteCursor types;
    private final int[] w;
    private final BtfStrings strings;
    private final int firstId;
    private final int[] offsets;
    private final int count;

    /**
     * Walks and checks the type section.
     *
     * @param firstId the id of the first type here: 1, or the base's type count for split BTF
     */
    TypeTable(ByteCursor types, BtfStrings strings, int firstId) {
        this.types = types;
        this.strings = strings;
        this.firstId = firstId;
        this.w = types.getInts(0, types.length() / 4);
        int[] offs = new int[Math.max(16, w.length / 8)];
        int n = 0;
        int p = 0;
        while (p < w.length || p * 4L < types.length()) {
            int id = firstId + n;
            if (p + HEADER > w.length) {
                throw types.error(4L * p, "type [" + id + "]: its 12-byte header at offset " + 4L * p
                        + " runs past the end of the type section (" + types.length() + " bytes)");
            }
            int info = w[p + 1];
            int vlen = info & 0xffff;
            int kind = (info >>> 24) & 0x1f;
            int extra = trailingWords(kind, vlen);
            if (extra < 0) {
                throw types.error(4L * p, "type [" + id + "]: unknown kind " + kind);
            }
            if (p + HEADER + extra > w.length) {
                throw types.error(4L * p, "type [" + id + "] (" + BtfKind.ofNumber(kind) + ", vlen " + vlen
                        + "): needs " + 4L * extra + " bytes after offset " + 4L * (p + HEADER)
                        + " but the type section has " + types.length());
            }
            if (n == offs.length) {
                offs = Arrays.copyOf(offs, n * 2);
            }
            offs[n++] = p;
            p += HEADER + extra;
        }
        if ((long) firstId + n > Integer.MAX_VALUE) {
            throw types.error(0, "too many types");
        }
        this.offsets = offs;
        this.count = n;
        for (int i = 0; i < n; i++) {
            checkReferences(firstId + i);
        }
    }

    /** Words of data after the header for a type of this kind number, or -1 for an unknown kind. */
    static int trailingWords(int kind, int vlen) {
        // Numbers, not BtfKind: this runs for every type, often before the JIT has compiled it.
        return switch (kind) {
            case 1, 14, 17 -> 1; // INT, VAR, DECL_TAG
            case 3 -> 3; // ARRAY
            case 4, 5, 15, 19 -> 3 * vlen; // STRUCT, UNION, DATASEC, ENUM64
            case 6, 13 -> 2 * vlen; // ENUM, FUNC_PROTO
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> -1; // 0 (UNKN) and numbers no kind has
        };
    }

    /** The id of the first type in this table. */
    int firstId() {
        return firstId;
    }

    /** One past the last id in this table. */
    int endId() {
        return firstId + count;
    }

    /** The type section's bytes, for messages and file offsets. */
    ByteCursor types() {
        return types;
    }

    /** The type section as words; index with {@link #offset} and {@link #data}. Do not modify. */
    int[] words() {
        return w;
    }

    BtfStrings strings() {
        return strings;
    }

    /** Word index of the type's header in {@link #words()}. */
    int offset(int id) {
        return offsets[id - firstId];
    }

    /** Word index of the type's trailing data in {@link #words()}. */
    int data(int id) {
        return offset(id) + HEADER;
    }

    long nameOff(int id) {
        return Integer.toUnsignedLong(w[offset(id)]);
    }

    int info(int id) {
        return w[offset(id) + 1];
    }

    BtfKind kind(int id) {
        return BtfKind.ofNumber((info(id) >>> 24) & 0x1f);
    }

    static int vlen(int info) {
        return info & 0xffff;
    }

    static boolean kindFlag(int info) {
        return info < 0;
    }

    /** The raw {@code size} / {@code type} word. */
    int sizeOrType(int id) {
        return w[offset(id) + 2];
    }

    String name(int id) {
        return strings.get(nameOff(id));
    }

    private void checkReferences(int id) {
        int at = offset(id);
        int info = w[at + 1];
        int kind = (info >>> 24) & 0x1f;
        int vlen = vlen(info);
        checkName(id, w[at], "name");
        int d = at + HEADER;
        switch (kind) {
            case 2, 8, 9, 10, 11, 18, 12, 14, 17, 13 -> // PTR, TYPEDEF, modifiers, FUNC, VAR, DECL_TAG, FUNC_PROTO
                    checkRef(id, w[at + 2], "type");
            default -> { }
        }
        switch (kind) {
            case 3 -> { // ARRAY
                checkRef(id, w[d], "element type");
                checkRef(id, w[d + 1], "index type");
            }
            case 4, 5 -> { // STRUCT, UNION
                for (int i = 0; i < vlen; i++, d += 3) {
                    checkName(id, w[d], "member", i);
                    checkRef(id, w[d + 1], "member", i);
                }
            }
            case 6, 19 -> { // ENUM, ENUM64
                int step = kind == 6 ? 2 : 3;
                for (int i = 0; i < vlen; i++, d += step) {
                    checkName(id, w[d], "enumerator", i);
                }
            }
            case 13 -> { // FUNC_PROTO
                for (int i = 0; i < vlen; i++, d += 2) {
                    checkName(id, w[d], "parameter", i);
                    checkRef(id, w[d + 1], "parameter", i);
                }
            }
            case 15 -> { // DATASEC
                for (int i = 0; i < vlen; i++, d += 3) {
                    checkRef(id, w[d], "variable", i);
                }
            }
            default -> { }
        }
    }

    // The element variants build their message only on failure: this runs for every member.
    private void checkName(int id, int off, String element, int index) {
        if (!strings.valid(Integer.toUnsignedLong(off))) {
            checkName(id, off, element + " " + index + " name");
        }
    }

    private void checkRef(int id, int ref, String element, int index) {
        if (Integer.toUnsignedLong(ref) >= endId()) {
            checkRef(id, ref, element + " " + index + " type");
        }
    }

    private void checkName(int id, int off, String what) {
        long o = Integer.toUnsignedLong(off);
        if (!strings.valid(o)) {
            throw types.error(4L * offset(id), "type [" + id + "] (" + kind(id) + "): " + what + " offset " + o
                    + " is past the end of the string section (" + strings.end() + ")");
        }
    }

    private void checkRef(int id, int ref, String what) {
        long r = Integer.toUnsignedLong(ref);
        if (r >= endId()) {
            throw types.error(4L * offset(id), "type [" + id + "] (" + kind(id) + "): " + what + " id " + r
                    + " does not exist (last id is " + (endId() - 1) + ")");
        }
    }
}
