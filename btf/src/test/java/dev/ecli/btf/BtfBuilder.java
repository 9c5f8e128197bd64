package dev.ecli.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds raw BTF blobs for tests, in either byte order, type by type. Each {@code add*}
 * method returns the new type's id. {@link #raw} writes any record, valid or not.
 */
final class BtfBuilder {
    private final ByteOrder order;
    private final int firstId;
    private final int stringStart;
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int next;
    private int extraHeader;

    /** Base BTF: ids from 1, string offsets from 0. */
    BtfBuilder(ByteOrder order) {
        this(order, 1, 0);
    }

    /** Split BTF on a base with {@code firstId} ids and {@code stringStart} bytes of strings. */
    BtfBuilder(ByteOrder order, int firstId, int stringStart) {
        this.order = order;
        this.firstId = firstId;
        this.stringStart = stringStart;
        this.next = firstId;
        if (stringStart == 0) {
            strings.write(0);
            stringOffsets.put("", 0);
        }
    }

    /** Makes the header this many bytes longer than 24 (zero filled). */
    BtfBuilder extraHeader(int bytes) {
        extraHeader = bytes;
        return this;
    }

    /** The offset of {@code s} in the string section, adding it when new; "" is 0. */
    int str(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        Integer off = stringOffsets.get(s);
        if (off == null) {
            off = stringStart + strings.size();
            strings.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            stringOffsets.put(s, off);
        }
        return off;
    }

    /** Writes one type record: header words, then {@code extra} u32 words. */
    int raw(int nameOff, int kind, int vlen, boolean kflag, int sizeOrType, int... extra) {
        int info = (kflag ? 1 << 31 : 0) | (kind << 24) | (vlen & 0xffff);
        u32(types, nameOff);
        u32(types, info);
        u32(types, sizeOrType);
        for (int e : extra) {
            u32(types, e);
        }
        return next++;
    }

    int addInt(String name, int size, int encoding, int bitOffset, int bits) {
        return raw(str(name), 1, 0, false, size, (encoding << 24) | (bitOffset << 16) | bits);
    }

    int addInt(String name, int size, boolean signed) {
        return addInt(name, size, signed ? 1 : 0, 0, size * 8);
    }

    int ptr(int type) {
        return raw(0, 2, 0, false, type);
    }

    int array(int elem, int index, int nelems) {
        return raw(0, 3, 0, false, 0, elem, index, nelems);
    }

    /** A member: name, type, offset word (bit offset, or bitfield size << 24 | offset with kflag). */
    record M(String name, int type, int offset) {
        static M bits(String name, int type, int bitOffset, int bitfieldSize) {
            return new M(name, type, bitfieldSize << 24 | bitOffset);
        }
    }

    int struct(String name, int size, boolean kflag, M... members) {
        return composite(4, name, size, kflag, members);
    }

    int union(String name, int size, boolean kflag, M... members) {
        return composite(5, name, size, kflag, members);
    }

    private int composite(int kind, String name, int size, boolean kflag, M... members) {
        int[] extra = new int[members.length * 3];
        for (int i = 0; i < members.length; i++) {
            extra[3 * i] = str(members[i].name());
            extra[3 * i + 1] = members[i].type();
            extra[3 * i + 2] = members[i].offset();
        }
        return raw(str(name), kind, members.length, kflag, size, extra);
    }

    /** ENUM; {@code values} alternate names (String) and values (Integer). */
    int enum32(String name, int size, boolean signed, Object... values) {
        int n = values.length / 2;
        int[] extra = new int[n * 2];
        for (int i = 0; i < n; i++) {
            extra[2 * i] = str((String) values[2 * i]);
            extra[2 * i + 1] = ((Number) values[2 * i + 1]).intValue();
        }
        return raw(str(name), 6, n, signed, size, extra);
    }

    /** ENUM64; {@code values} alternate names (String) and values (Long). */
    int enum64(String name, int size, boolean signed, Object... values) {
        int n = values.length / 2;
        int[] extra = new int[n * 3];
        for (int i = 0; i < n; i++) {
            long v = ((Number) values[2 * i + 1]).longValue();
            extra[3 * i] = str((String) values[2 * i]);
            extra[3 * i + 1] = (int) v;
            extra[3 * i + 2] = (int) (v >>> 32);
        }
        return raw(str(name), 19, n, signed, size, extra);
    }

    int fwd(String name, boolean union) {
        return raw(str(name), 7, 0, union, 0);
    }

    int typedef(String name, int type) {
        return raw(str(name), 8, 0, false, type);
    }

    int volatileOf(int type) {
        return raw(0, 9, 0, false, type);
    }

    int constOf(int type) {
        return raw(0, 10, 0, false, type);
    }

    int restrictOf(int type) {
        return raw(0, 11, 0, false, type);
    }

    int func(String name, int proto, int linkage) {
        return raw(str(name), 12, linkage, false, proto);
    }

    /** FUNC_PROTO; {@code params} alternate names (String) and type ids (Integer). */
    int proto(int ret, Object... params) {
        int n = params.length / 2;
        int[] extra = new int[n * 2];
        for (int i = 0; i < n; i++) {
            extra[2 * i] = str((String) params[2 * i]);
            extra[2 * i + 1] = (Integer) params[2 * i + 1];
        }
        return raw(0, 13, n, false, ret, extra);
    }

    int var(String name, int type, int linkage) {
        return raw(str(name), 14, 0, false, type, linkage);
    }

    /** DATASEC; {@code vars} are triples of type id, offset, size. */
    int datasec(String name, int size, int... vars) {
        return raw(str(name), 15, vars.length / 3, false, size, vars);
    }

    int floatType(String name, int size) {
        return raw(str(name), 16, 0, false, size);
    }

    int declTag(String name, int type, int componentIdx) {
        return raw(str(name), 17, 0, false, type, componentIdx);
    }

    int typeTag(String name, int type) {
        return raw(str(name), 18, 0, false, type);
    }

    /** The id the next type will get. */
    int nextId() {
        return next;
    }

    int firstId() {
        return firstId;
    }

    /** The blob: header, types, strings. */
    byte[] build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        int hdrLen = 24 + extraHeader;
        ByteBuffer b = ByteBuffer.allocate(hdrLen + t.length + s.length).order(order);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(hdrLen);
        b.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        b.position(hdrLen);
        b.put(t).put(s);
        return b.array();
    }

    private void u32(ByteArrayOutputStream out, int v) {
        byte[] w = ByteBuffer.allocate(4).order(order).putInt(v).array();
        out.writeBytes(w);
    }
}
