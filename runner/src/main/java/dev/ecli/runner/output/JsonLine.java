package dev.ecli.runner.output;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The members of one stream's JSON object, compiled once from its selected fields: each key as
 * ready bytes (the comma included) and, for integers, booleans and {@code char[]} (what event
 * structs are mostly made of), how to write the value straight from the record with no
 * visitor calls. Other fields (arrays, nested structs, enums, floats, bitfields, and fields
 * that get a {@code _text} companion) go through {@link JsonSink}'s visitor, so every value
 * is written exactly as the visitor writes it. Immutable.
 */
final class JsonLine {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ORDER);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ORDER);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ORDER);

    static final byte VISIT = 0;
    static final byte U8 = 1;
    static final byte U16 = 2;
    static final byte U32 = 3;
    static final byte U64 = 4;
    static final byte S8 = 5;
    static final byte S16 = 6;
    static final byte S32 = 7;
    static final byte S64 = 8;
    static final byte BOOL = 9;
    static final byte CHARS = 10;

    /** The stream this was compiled for (compared by identity). */
    final EventStream stream;
    /** Per member: {@code "name":}, preceded by a comma for all but the first. */
    private final byte[][] keys;
    /** The same keys, every one preceded by a comma (members after fields of the sink's own). */
    private final byte[][] keysAfter;
    private final byte[] ops;
    private final long[] offsets;
    private final int[] sizes;
    private final Field[] fields;
    /** Bytes the directly written members can take at most (keys, values, quotes). */
    private final int room;

    private JsonLine(EventStream stream, byte[][] keys, byte[][] keysAfter, byte[] ops, long[] offsets,
                     int[] sizes, Field[] fields) {
        this.stream = stream;
        this.keys = keys;
        this.keysAfter = keysAfter;
        this.ops = ops;
        this.offsets = offsets;
        this.sizes = sizes;
        this.fields = fields;
        int r = 0;
        for (int i = 0; i < ops.length; i++) {
            r += keysAfter[i].length + switch (ops[i]) {
                case VISIT -> 0;
                case BOOL -> 5;
                case CHARS -> sizes[i] + 2;
                default -> 20;
            };
        }
        this.room = r;
    }

    /**
     * @param withText whether the sink adds {@code NAME_text} after formatted fields: those
     *                 fields then take the visitor path, which writes the companion
     */
    static JsonLine compile(EventStream stream, boolean withText) {
        List<Field> selected = stream.fields();
        int n = selected.size();
        byte[][] keys = new byte[n][];
        byte[][] keysAfter = new byte[n][];
        byte[] ops = new byte[n];
        long[] offsets = new long[n];
        int[] sizes = new int[n];
        Field[] fields = selected.toArray(Field[]::new);
        for (int i = 0; i < n; i++) {
            Field f = fields[i];
            keysAfter[i] = key(f.name(), true);
            keys[i] = i == 0 ? key(f.name(), false) : keysAfter[i];
            boolean texted = withText && stream.formats().containsKey(f.name());
            switch (f) {
                case Field.IntField x when !texted -> {
                    ops[i] = intOp(x.size(), x.signed());
                    offsets[i] = x.offset();
                    sizes[i] = x.size();
                }
                case Field.BoolField x when x.size() == 1 -> {
                    ops[i] = BOOL;
                    offsets[i] = x.offset();
                    sizes[i] = 1;
                }
                case Field.CharsField x -> {
                    ops[i] = CHARS;
                    offsets[i] = x.offset();
                    sizes[i] = x.length();
                }
                default -> ops[i] = VISIT;
            }
        }
        return new JsonLine(stream, keys, keysAfter, ops, offsets, sizes, fields);
    }

    private static byte intOp(int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? S8 : U8;
            case 2 -> signed ? S16 : U16;
            case 4 -> signed ? S32 : U32;
            case 8 -> signed ? S64 : U64;
            default -> VISIT;
        };
    }

    private static byte[] key(String name, boolean comma) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteOutput o = new ByteOutput(b, 64);
        if (comma) {
            o.write((byte) ',');
        }
        o.write((byte) '"');
        o.jsonString(name);
        o.ascii("\":");
        try {
            o.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Whether any member is written. */
    boolean isEmpty() {
        return ops.length == 0;
    }

    /**
     * Writes every member, key and value, without the braces. The record holds at least the
     * plan's size (the caller checked).
     * @param afterOthers members of the sink's own were already written: start with a comma
     */
    void writeMembers(MemorySegment r, ByteOutput out, JsonSink visitor, boolean afterOthers) {
        byte[][] k = afterOthers ? keysAfter : keys;
        // Everything but visitor-written members goes straight into reserved buffer space.
        byte[] b = out.reserve(room);
        int p = out.length();
        for (int i = 0; i < ops.length; i++) {
            byte[] key = k[i];
            System.arraycopy(key, 0, b, p, key.length);
            p += key.length;
            long at = offsets[i];
            switch (ops[i]) {
                case U8 -> p = ByteOutput.putUnsigned(b, p, r.get(ValueLayout.JAVA_BYTE, at) & 0xffL);
                case U16 -> p = ByteOutput.putUnsigned(b, p, r.get(I16, at) & 0xffffL);
                case U32 -> p = ByteOutput.putUnsigned(b, p, r.get(I32, at) & 0xffff_ffffL);
                case U64 -> p = ByteOutput.putUnsigned(b, p, r.get(I64, at));
                case S8 -> p = ByteOutput.putSigned(b, p, r.get(ValueLayout.JAVA_BYTE, at));
                case S16 -> p = ByteOutput.putSigned(b, p, r.get(I16, at));
                case S32 -> p = ByteOutput.putSigned(b, p, r.get(I32, at));
                case S64 -> p = ByteOutput.putSigned(b, p, r.get(I64, at));
                case BOOL -> p = putBool(b, p, r.get(ValueLayout.JAVA_BYTE, at) != 0);
                case CHARS -> {
                    b[p++] = '"';
                    int end = ByteOutput.putPlainCString(b, p, r, at, sizes[i]);
                    if (end < 0) {
                        // Needs escaping or UTF-8 checks: the general path, then reserve again.
                        out.length(p);
                        out.jsonCString(r, at, sizes[i]);
                        b = out.reserve(room);
                        end = out.length();
                    }
                    p = end;
                    b[p++] = '"';
                }
                default -> {
                    out.length(p);
                    visitor.memberValue(fields[i], r);
                    b = out.reserve(room);
                    p = out.length();
                }
            }
        }
        out.length(p);
    }

    private static int putBool(byte[] b, int p, boolean v) {
        if (v) {
            b[p] = 't';
            b[p + 1] = 'r';
            b[p + 2] = 'u';
            b[p + 3] = 'e';
            return p + 4;
        }
        b[p] = 'f';
        b[p + 1] = 'a';
        b[p + 2] = 'l';
        b[p + 3] = 's';
        b[p + 4] = 'e';
        return p + 5;
    }
}
