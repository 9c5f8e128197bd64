package dev.ecli.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.BtfFormatException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteCursorTest {
    private final byte[] bytes = {0, 1, 2, 3, 4, 5, 6, 7, (byte) 0xff, (byte) 0xfe, 'h', 'i', 0, 'x'};

    @Test
    void readsInEitherOrder() {
        ByteCursor le = ByteCursor.of(bytes, ByteOrder.LITTLE_ENDIAN, "test");
        ByteCursor be = le.withOrder(ByteOrder.BIG_ENDIAN);
        assertEquals(0x0201, le.getU16(1));
        assertEquals(0x0102, be.getU16(1));
        assertEquals(0x03020100, le.getInt(0));
        assertEquals(0x00010203, be.getInt(0));
        assertEquals(0x0706050403020100L, le.getLong(0));
        assertEquals(0xfeff0706L, le.getU32(6));
        assertEquals(0x0607fffeL, be.getU32(6));
        assertEquals(0xff, le.getU8(8));
        assertArrayEquals(new int[] {0x03020100, 0x07060504}, le.getInts(0, 2));
        assertArrayEquals(new int[] {0x00010203, 0x04050607}, be.getInts(0, 2));
    }

    @Test
    void relativeReadsAdvance() {
        ByteCursor c = ByteCursor.of(bytes, ByteOrder.BIG_ENDIAN, "test");
        assertEquals(0, c.readU8());
        assertEquals(0x0102, c.readU16());
        assertEquals(0x03040506, c.readInt());
        assertEquals(7, c.position());
        c.position(0);
        assertEquals(0x00010203L, c.readU32());
        c.position(0);
        assertEquals(0x0001020304050607L, c.readLong());
        assertThrows(BtfFormatException.class, () -> c.position(12).readInt());
    }

    @Test
    void slicesKeepFileOffsetsForMessages() {
        ByteCursor c = ByteCursor.of(bytes, ByteOrder.LITTLE_ENDIAN, "file");
        ByteCursor s = c.slice("section", 4, 6);
        assertEquals(6, s.length());
        assertEquals(4, s.fileOffset());
        assertEquals(0x0504, s.getU16(0));
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> s.getInt(4));
        assertEquals("section (file offset 8): u32: 4 bytes at offset 4 run past the end (6 bytes)", e.getMessage());
        assertThrows(BtfFormatException.class, () -> c.slice("too long", 10, 5));
        assertThrows(BtfFormatException.class, () -> c.slice("negative", -1, 2));
    }

    @Test
    void everyReadIsChecked() {
        ByteCursor c = ByteCursor.of(bytes, ByteOrder.LITTLE_ENDIAN, "t");
        assertThrows(BtfFormatException.class, () -> c.getU8(14));
        assertThrows(BtfFormatException.class, () -> c.getU8(-1));
        assertThrows(BtfFormatException.class, () -> c.getU16(13));
        assertThrows(BtfFormatException.class, () -> c.getLong(7));
        assertThrows(BtfFormatException.class, () -> c.getLong(Long.MAX_VALUE));
        assertThrows(BtfFormatException.class, () -> c.getBytes(10, Long.MAX_VALUE));
        assertThrows(BtfFormatException.class, () -> c.getInts(8, 2));
        assertThrows(BtfFormatException.class, () -> c.getInts(0, Integer.MAX_VALUE));
        assertFalse(c.fits(0, 15));
        assertTrue(c.fits(0, 14));
        assertTrue(c.fits(14, 0));
    }

    @Test
    void cStrings() {
        ByteCursor c = ByteCursor.of(bytes, ByteOrder.LITTLE_ENDIAN, "strings");
        assertEquals("hi", c.getCString(10));
        assertEquals("", c.getCString(12));
        assertTrue(c.cStringEquals(10, "hi".getBytes(StandardCharsets.UTF_8)));
        assertFalse(c.cStringEquals(10, "h".getBytes(StandardCharsets.UTF_8)));
        assertFalse(c.cStringEquals(13, "x".getBytes(StandardCharsets.UTF_8)));
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> c.getCString(13));
        assertTrue(e.getMessage().contains("has no terminating NUL"), e.getMessage());
    }
}
