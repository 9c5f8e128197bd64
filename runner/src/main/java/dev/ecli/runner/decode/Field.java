package dev.ecli.runner.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * One node of a {@link DecodePlan}: how to read a value at a fixed place in a record.
 * Offsets are relative to the enclosing struct's start, which the caller passes as {@code base}.
 * Callers guarantee the record holds the whole plan ({@link DecodePlan#size()}), so reads here
 * stay in bounds; the segment still checks them.
 */
public sealed interface Field {
    /** The member name ({@code ""} for array elements). */
    String name();

    /** Typedef names of the member's type, outermost first (e.g. [pid_t, __kernel_pid_t]). */
    List<String> typedefs();

    /** Reads the value at {@code base} and hands it to {@code v}. */
    void visit(MemorySegment record, long base, ValueVisitor v);

    /**
     * A fixed-size integer of 1, 2, 4 or 8 bytes (also pointers, as unsigned), or of 16
     * ({@code __int128}, given to {@link ValueVisitor#integer} as an exact value).
     */
    record IntField(String name, List<String> typedefs, long offset, int size, boolean signed) implements Field {
        /** The size of {@code __int128}. */
        public static final int WIDE = 16;

        public void visit(MemorySegment r, long base, ValueVisitor v) {
            if (size == WIDE) {
                v.integer(Bytes.load128(r, base + offset, signed));
                return;
            }
            long x = value(r, base);
            if (signed) {
                v.signed(x);
            } else {
                v.unsigned(x);
            }
        }

        /** The integer at {@code base} (sign-extended when signed); not for {@link #WIDE} ones. */
        public long value(MemorySegment r, long base) {
            long raw = Bytes.load(r, base + offset, size);
            return signed ? Bytes.signExtend(raw, size * 8) : raw;
        }
    }

    /** A bitfield: {@code bits} bits starting {@code bitOffset} bits into the enclosing struct. */
    record BitField(String name, List<String> typedefs, long bitOffset, int bits, boolean signed) implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            long raw = Bytes.loadBits(r, base, bitOffset, bits);
            if (signed) {
                v.signed(Bytes.signExtend(raw, bits));
            } else {
                v.unsigned(raw);
            }
        }
    }

    /** {@code _Bool} (any non-zero byte is true). */
    record BoolField(String name, List<String> typedefs, long offset, int size) implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            v.bool(Bytes.load(r, base + offset, size) != 0);
        }
    }

    /** IEEE float of 4 or 8 bytes. */
    record FloatField(String name, List<String> typedefs, long offset, int size) implements Field {
        private static final ValueLayout.OfFloat F32 =
                ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
        private static final ValueLayout.OfDouble F64 =
                ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.nativeOrder());

        public void visit(MemorySegment r, long base, ValueVisitor v) {
            v.floating(size == 4 ? r.get(F32, base + offset) : r.get(F64, base + offset));
        }
    }

    /** {@code char[N]}: a string cut at the first NUL, or all N bytes when there is none. */
    record CharsField(String name, List<String> typedefs, long offset, int length) implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            long start = base + offset;
            int n = 0;
            while (n < length && r.get(ValueLayout.JAVA_BYTE, start + n) != 0) {
                n++;
            }
            v.chars(r, start, n);
        }
    }

    /** An enum: the enumerator's name when one matches, else the number. */
    record EnumField(String name, List<String> typedefs, long offset, int size, boolean signed,
                     Map<Long, String> names) implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            long raw = Bytes.load(r, base + offset, size);
            long value = signed ? Bytes.signExtend(raw, size * 8) : raw;
            String n = names.get(value);
            if (n != null) {
                v.enumerator(n, value);
            } else if (signed) {
                v.signed(value);
            } else {
                v.unsigned(value);
            }
        }
    }

    /** A fixed-length array of {@code element}s, {@code stride} bytes apart. */
    record ArrayField(String name, List<String> typedefs, long offset, Field element, long count, long stride)
            implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            v.beginArray();
            for (long i = 0; i < count; i++) {
                element.visit(r, base + offset + i * stride, v);
            }
            v.endArray();
        }
    }

    /** A nested struct or union, decoded as an object of its members. */
    record ObjectField(String name, List<String> typedefs, long offset, List<Field> members) implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            v.beginObject();
            long at = base + offset;
            for (Field f : members) {
                v.name(f.name());
                f.visit(r, at, v);
            }
            v.endObject();
        }
    }

    /**
     * Text made from the record by a rule (an address chosen by a family field, NUL-separated
     * strings joined): a value whose raw form says nothing, so every output shows the text.
     * It stands in for the member of the same name; the rule reads only the bytes of
     * {@code sources}, fields of the same struct, so their extent bounds its reads.
     */
    record Text(String name, List<String> typedefs, List<Field> sources, RecordText rule) implements Field {
        public Text {
            sources = List.copyOf(sources);
        }

        public void visit(MemorySegment r, long base, ValueVisitor v) {
            byte[] b = rule.text(r, base).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            v.chars(MemorySegment.ofArray(b), 0, b.length);
        }
    }

    /**
     * A number computed from several fields of the record (a difference of two timestamps, a
     * ratio), shown as a column of its own; it reads only the bytes of {@code sources}.
     */
    record Computed(String name, List<String> typedefs, List<Field> sources, RecordValue value) implements Field {
        public Computed {
            sources = List.copyOf(sources);
        }

        public void visit(MemorySegment r, long base, ValueVisitor v) {
            value.visit(r, base, v);
        }
    }

    /**
     * A value computed from an integer of the record ({@code source}) rather than read from it,
     * e.g. a cgroup's path from its id. It names no bytes of its own.
     */
    record Derived(String name, List<String> typedefs, IntField source, Derivation derivation) implements Field {
        public void visit(MemorySegment r, long base, ValueVisitor v) {
            derivation.visit(source.value(r, base), v);
        }
    }
}
