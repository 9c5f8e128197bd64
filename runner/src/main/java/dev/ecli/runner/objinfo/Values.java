package dev.ecli.runner.objinfo;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variable's initial value as a plain Java value, for {@code inspect -o json} and the
 * descriptions {@code build} writes: integers as Long or BigInteger (u64 past Long.MAX_VALUE),
 * {@code _Bool} as Boolean, {@code char[]} as a String cut at the first NUL, enums by
 * enumerator name, floats as Double, other arrays as lists and structs as ordered maps.
 */
public final class Values {
    /** Arrays and structs deeper than this are left out (null): defaults are shown, not dumped. */
    private static final int MAX_DEPTH = 8;

    private Values() {}

    /** The value of {@code bytes} as {@code typeId} lays it out, or null when it cannot be read. */
    public static Object decode(Btf btf, int typeId, byte[] bytes, ByteOrder order) {
        try {
            return decode(btf, typeId, ByteBuffer.wrap(bytes).order(order), 0, 0);
        } catch (BtfFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * Whether a command-line option can set a variable of this type: bool, an integer of 1, 2, 4
     * or 8 bytes, an enum, or a {@code char} array (the kinds the runner's parameters take).
     */
    public static boolean settable(Btf btf, int typeId) {
        try {
            BtfType t = btf.resolve(typeId);
            return switch (t) {
                case BtfType.Int i -> i.isBool() || i.size() == 1 || i.size() == 2 || i.size() == 4 || i.size() == 8;
                case BtfType.Enum e -> true;
                case BtfType.Enum64 e -> true;
                case BtfType.Array a -> btf.resolve(a.elemTypeId()) instanceof BtfType.Int c && c.size() == 1 && !c.isBool();
                default -> false;
            };
        } catch (BtfFormatException e) {
            return false;
        }
    }

    private static Object decode(Btf btf, int typeId, ByteBuffer b, int at, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        BtfType t = btf.resolve(typeId);
        return switch (t) {
            case BtfType.Int i when i.isBool() -> b.get(at) != 0;
            case BtfType.Int i -> integer(b, at, i.size(), i.isSigned());
            case BtfType.Enum e -> enumerator(e.values(), integer(b, at, e.size(), e.signed()));
            case BtfType.Enum64 e -> enumerator(e.values(), integer(b, at, e.size(), e.signed()));
            case BtfType.Float f when f.size() == 4 -> (double) b.getFloat(at);
            case BtfType.Float f when f.size() == 8 -> b.getDouble(at);
            case BtfType.Ptr p -> integer(b, at, btf.pointerSize(), false);
            case BtfType.Array a -> array(btf, a, b, at, depth);
            case BtfType.Composite c -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (BtfType.Member m : c.members()) {
                    int width = btf.bitfieldWidth(m);
                    long bit = btf.memberBitOffset(m);
                    Object v = width > 0 ? null : decode(btf, m.typeId(), b, at + (int) (bit / 8), depth + 1);
                    fields.put(m.name(), v);
                }
                yield fields;
            }
            default -> null;
        };
    }

    private static Object array(Btf btf, BtfType.Array a, ByteBuffer b, int at, int depth) {
        BtfType elem = btf.resolve(a.elemTypeId());
        if (elem instanceof BtfType.Int c && c.size() == 1 && !c.isBool()) {
            int n = (int) Math.min(a.nelems(), b.limit() - at);
            int len = 0;
            while (len < n && b.get(at + len) != 0) {
                len++;
            }
            byte[] s = new byte[len];
            b.get(at, s);
            return new String(s, StandardCharsets.UTF_8);
        }
        long size = btf.sizeOf(a.elemTypeId());
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < a.nelems() && i < 4096; i++) {
            out.add(decode(btf, a.elemTypeId(), b, at + (int) (i * size), depth + 1));
        }
        return out;
    }

    private static Number integer(ByteBuffer b, int at, int size, boolean signed) {
        long v = switch (size) {
            case 1 -> signed ? b.get(at) : b.get(at) & 0xffL;
            case 2 -> signed ? b.getShort(at) : b.getShort(at) & 0xffffL;
            case 4 -> signed ? b.getInt(at) : b.getInt(at) & 0xffff_ffffL;
            case 8 -> b.getLong(at);
            default -> throw new IndexOutOfBoundsException("integer of " + size + " bytes");
        };
        if (size == 8 && !signed && v < 0) {
            return new BigInteger(Long.toUnsignedString(v));
        }
        return v;
    }

    private static Object enumerator(List<BtfType.EnumValue> values, Number n) {
        for (BtfType.EnumValue ev : values) {
            if (ev.value() == n.longValue()) {
                return ev.name();
            }
        }
        return n;
    }
}
