package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import java.nio.ByteOrder;

/**
 * The BTF header ({@code struct btf_header}). Offsets of the type and string sections are
 * relative to the end of the header, whose length is {@code hdrLen}, read from the blob.
 */
record BtfHeader(ByteOrder order, int version, int flags, long hdrLen, long typeOff, long typeLen,
                 long strOff, long strLen) {
    static final int MAGIC = 0xeb9f;
    /** The size of the header fields this reader knows; a longer header is allowed. */
    static final int MIN_LEN = 24;

    /**
     * Reads and checks the header: magic (which gives the byte order), version 1, and both
     * sections inside the blob, the type section 4-byte aligned and before the strings.
     */
    static BtfHeader read(byte[] raw, String what) {
        if (raw.length < MIN_LEN) {
            throw new BtfFormatException(what + " header: " + raw.length + " bytes, shorter than the "
                    + MIN_LEN + "-byte BTF header");
        }
        ByteOrder order = byteOrder(raw);
        if (order == null) {
            throw new BtfFormatException(what + " header (offset 0): bad magic 0x"
                    + String.format("%02x%02x", raw[0] & 0xff, raw[1] & 0xff) + ", want 0xeb9f in either byte order");
        }
        ByteCursor c = ByteCursor.of(raw, order, what + " header");
        BtfHeader h = new BtfHeader(order, c.getU8(2), c.getU8(3), c.getU32(4), c.getU32(8), c.getU32(12),
                c.getU32(16), c.getU32(20));
        if (h.version != 1) {
            throw c.error(2, "unsupported BTF version " + h.version);
        }
        if (h.hdrLen < MIN_LEN || h.hdrLen > raw.length) {
            throw c.error(4, "hdr_len " + h.hdrLen + " is outside " + MIN_LEN + ".." + raw.length);
        }
        long data = raw.length - h.hdrLen;
        if ((h.typeOff & 3) != 0) {
            throw c.error(8, "type_off " + h.typeOff + " is not 4-byte aligned");
        }
        if (h.typeOff + h.typeLen > data) {
            throw c.error(8, "type section (type_off " + h.typeOff + ", type_len " + h.typeLen
                    + ") runs past the end of the data (" + data + " bytes)");
        }
        if (h.strOff + h.strLen > data) {
            throw c.error(16, "string section (str_off " + h.strOff + ", str_len " + h.strLen
                    + ") runs past the end of the data (" + data + " bytes)");
        }
        if (h.typeOff + h.typeLen > h.strOff) {
            throw c.error(8, "type section (ends at " + (h.typeOff + h.typeLen)
                    + ") overlaps the string section (starts at " + h.strOff + ")");
        }
        return h;
    }

    /** The byte order whose reading of the first two bytes is the magic, or null. */
    static ByteOrder byteOrder(byte[] raw) {
        if (raw.length < 2) {
            return null;
        }
        int b0 = raw[0] & 0xff, b1 = raw[1] & 0xff;
        if (b0 == (MAGIC & 0xff) && b1 == MAGIC >>> 8) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (b0 == MAGIC >>> 8 && b1 == (MAGIC & 0xff)) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }
}
