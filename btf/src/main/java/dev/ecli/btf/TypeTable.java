package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import java.util.Arrays;

/**
 * The BTF type section, walked once: where each type's record starts, with every length,
 * string offset and type reference checked. Records are decoded later, on demand, from the
 * raw accessors here.
 *
 * <p>Wire layout of one type: {@code name_off u32, info u32, size_or_type u32}, then data
 * whose length depends on the kind and {@code vlen} (see {@link #trailing}).
 */
final class TypeTable {
    static final int HEADER = 12;

    private final ByteCursor types;
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
        int[] offs = new int[Math.max(16, types.length() / 32)];
        int n = 0;
        long p = 0;
        while (p < types.length()) {
            int id = firstId + n;
            if (!types.fits(p, HEADER)) {
                throw types.error(p, "type [" + id + "]: its 12-byte header at offset " + p
                        + " runs past the end of the type section (" + types.length() + " bytes)");
            }
            int info = types.getInt(p + 4);
            int vlen = info & 0xffff;
            BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
            if (kind == null || kind == BtfKind.UNKN) {
                throw types.error(p, "type [" + id + "]: unknown kind " + ((info >>> 24) & 0x1f));
            }
            long extra = trailing(kind, vlen);
            if (!types.fits(p + HEADER, extra)) {
                throw types.error(p, "type [" + id + "] (" + kind + ", vlen " + vlen + "): needs " + extra
                        + " bytes after offset " + (p + HEADER) + " but the type section has "
                        + types.length());
            }
            if (n == offs.length) {
                offs = Arrays.copyOf(offs, n * 2);
            }
            offs[n++] = (int) p;
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

    /** Bytes of data after the 12-byte header for a type of this kind. */
    static long trailing(BtfKind kind, int vlen) {
        return switch (kind) {
            case INT, VAR, DECL_TAG -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, DATASEC, ENUM64 -> 12L * vlen;
            case ENUM, FUNC_PROTO -> 8L * vlen;
            default -> 0;
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

    /** The type section. */
    ByteCursor types() {
        return types;
    }

    BtfStrings strings() {
        return strings;
    }

    /** Offset of the type's 12-byte header in {@link #types()}. */
    int offset(int id) {
        return offsets[id - firstId];
    }

    long nameOff(int id) {
        return types.getU32(offset(id));
    }

    int info(int id) {
        return types.getInt(offset(id) + 4);
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
        return types.getInt(offset(id) + 8);
    }

    /** Offset of the type's trailing data in {@link #types()}. */
    int data(int id) {
        return offset(id) + HEADER;
    }

    String name(int id) {
        return strings.get(nameOff(id));
    }

    private void checkReferences(int id) {
        int at = offset(id);
        int info = types.getInt(at + 4);
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        int vlen = vlen(info);
        checkName(id, kind, types.getU32(at), "name");
        int d = at + HEADER;
        switch (kind) {
            case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FUNC, VAR, DECL_TAG, FUNC_PROTO ->
                    checkRef(id, kind, types.getU32(at + 8), "type");
            default -> { }
        }
        switch (kind) {
            case ARRAY -> {
                checkRef(id, kind, types.getU32(d), "element type");
                checkRef(id, kind, types.getU32(d + 4), "index type");
            }
            case STRUCT, UNION -> {
                for (int i = 0; i < vlen; i++, d += 12) {
                    checkName(id, kind, types.getU32(d), "member " + i + " name");
                    checkRef(id, kind, types.getU32(d + 4), "member " + i + " type");
                }
            }
            case ENUM, ENUM64 -> {
                int step = kind == BtfKind.ENUM ? 8 : 12;
                for (int i = 0; i < vlen; i++, d += step) {
                    checkName(id, kind, types.getU32(d), "enumerator " + i + " name");
                }
            }
            case FUNC_PROTO -> {
                for (int i = 0; i < vlen; i++, d += 8) {
                    checkName(id, kind, types.getU32(d), "parameter " + i + " name");
                    checkRef(id, kind, types.getU32(d + 4), "parameter " + i + " type");
                }
            }
            case DATASEC -> {
                for (int i = 0; i < vlen; i++, d += 12) {
                    checkRef(id, kind, types.getU32(d), "variable " + i + " type");
                }
            }
            default -> { }
        }
    }

    private void checkName(int id, BtfKind kind, long off, String what) {
        if (!strings.valid(off)) {
            throw types.error(offset(id), "type [" + id + "] (" + kind + "): " + what + " offset " + off
                    + " is past the end of the string section (" + strings.end() + ")");
        }
    }

    private void checkRef(int id, BtfKind kind, long ref, String what) {
        if (ref >= endId()) {
            throw types.error(offset(id), "type [" + id + "] (" + kind + "): " + what + " id " + ref
                    + " does not exist (last id is " + (endId() - 1) + ")");
        }
    }
}
