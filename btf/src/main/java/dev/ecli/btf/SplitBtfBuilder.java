package dev.ecli.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes new types as split BTF on top of a base, so that types a program's own BTF lacks (a
 * record layout a manifest declares) can be used exactly like the base's: found by name,
 * resolved, laid out. Ids continue after the base's, as do string offsets. Not thread-safe; one
 * builder makes one {@link Btf}.
 */
public final class SplitBtfBuilder {
    /** A struct member: its name, type id and offset in bits. */
    public record Member(String name, int typeId, long bitOffset) {}

    private static final int INT = 1, PTR = 2, ARRAY = 3, STRUCT = 4;
    /** BTF_INT_SIGNED, BTF_INT_CHAR, BTF_INT_BOOL. */
    public static final int SIGNED = 1, CHAR = 2, BOOL = 4;

    private final Btf base;
    private final ByteOrder order;
    private final long stringStart;
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int nextId;

    /** A builder whose first type gets the id after {@code base}'s last. */
    public SplitBtfBuilder(Btf base) {
        this.base = base;
        this.order = base.byteOrder();
        this.stringStart = base.stringEnd();
        this.nextId = base.typeCount();
    }

    /** The id the next added type gets. */
    public int nextId() {
        return nextId;
    }

    /**
     * Adds an integer type.
     * @param encoding 0, or {@link #SIGNED}, {@link #CHAR}, {@link #BOOL}
     * @return its id
     */
    public int addInt(String name, int size, int encoding) {
        record(name, INT, 0, size);
        u32(encoding << 24 | size * 8);
        return nextId++;
    }

    /** Adds a pointer to {@code targetTypeId}. */
    public int addPointer(int targetTypeId) {
        record("", PTR, 0, targetTypeId);
        return nextId++;
    }

    /** Adds an array of {@code count} elements; the index type is {@code indexTypeId} (any int). */
    public int addArray(int elemTypeId, int indexTypeId, long count) {
        record("", ARRAY, 0, 0);
        u32(elemTypeId);
        u32(indexTypeId);
        u32((int) count);
        return nextId++;
    }

    /** Adds a struct of {@code size} bytes with these members, in order. */
    public int addStruct(String name, long size, List<Member> members) {
        record(name, STRUCT, members.size(), (int) size);
        for (Member m : members) {
            u32(string(m.name()));
            u32(m.typeId());
            u32((int) m.bitOffset());
        }
        return nextId++;
    }

    /** The base with the added types on top. */
    public Btf build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.size() == 0 ? new byte[] {0} : strings.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + t.length + s.length).order(order);
        out.putShort((short) BtfHeader.MAGIC).put((byte) 1).put((byte) 0).putInt(24);
        out.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        out.put(t).put(s);
        return Btf.parseSplit(out.array(), base);
    }

    private void record(String name, int kind, int vlen, int sizeOrType) {
        u32(string(name));
        u32(kind << 24 | vlen);
        u32(sizeOrType);
    }

    private int string(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        return stringOffsets.computeIfAbsent(s, k -> {
            int at = (int) (stringStart + strings.size());
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return at;
        });
    }

    private void u32(int v) {
        types.writeBytes(ByteBuffer.allocate(4).order(order).putInt(v).array());
    }
}
