package dev.ecli.bytes;

import dev.ecli.btf.BtfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A read-only window on a byte array with a fixed byte order.
 *
 * <pre>
 *   bytes: [ ........ | window: offset 0 .. length ) ........ ]
 *                     ^ fileOffset (only used in messages)
 * </pre>
 *
 * <p>{@code get*} methods take an absolute offset into the window and do not move the
 * position; {@code read*} methods read at the position and advance it. Multi-byte reads use
 * the cursor's {@link #order()}. Unsigned 32-bit values widen to {@code long}. Every method
 * that reads throws {@link BtfFormatException} when the read would leave the window, with a
 * message naming the window and the offset.
 *
 * <p>Not thread-safe when the position is used; the absolute {@code get*} methods are safe to
 * call from several threads. The array is not copied: it must not change while in use.
 */
public final class ByteCursor {
    private final byte[] bytes;
    private final ByteBuffer buffer;
    private final int start;
    private final int length;
    private final long fileOffset;
    private final boolean bigEndian;
    private final String what;
    private long position;

    private ByteCursor(byte[] bytes, int start, int length, long fileOffset, boolean bigEndian, String what) {
        this.bytes = bytes;
        // A heap ByteBuffer, not a MemorySegment: the first MemorySegment in a JVM costs ~20 ms
        // of class initialisation, a third of a cold vmlinux parse.
        this.buffer = ByteBuffer.wrap(bytes, start, length).slice()
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        this.start = start;
        this.length = length;
        this.fileOffset = fileOffset;
        this.bigEndian = bigEndian;
        this.what = what;
    }

    /**
     * A cursor over all of {@code bytes}.
     *
     * @param what names the data in error messages, e.g. {@code "ELF header"}
     */
    public static ByteCursor of(byte[] bytes, ByteOrder order, String what) {
        return of(bytes, order, what, 0);
    }

    /**
     * A cursor over all of {@code bytes}, which were found at {@code fileOffset} of a file
     * (e.g. a section's contents); messages give offsets in that file.
     */
    public static ByteCursor of(byte[] bytes, ByteOrder order, String what, long fileOffset) {
        return new ByteCursor(bytes, 0, bytes.length, fileOffset, order == ByteOrder.BIG_ENDIAN, what);
    }

    /**
     * A cursor over {@code length} bytes at {@code offset} of this window, same byte order.
     *
     * @throws BtfFormatException when the range is not inside this window
     */
    public ByteCursor slice(String what, long offset, long length) {
        check(offset, length, what);
        return new ByteCursor(bytes, start + (int) offset, (int) length, fileOffset + offset, bigEndian, what);
    }

    /** The same window read in another byte order. */
    public ByteCursor withOrder(ByteOrder order) {
        return new ByteCursor(bytes, start, length, fileOffset, order == ByteOrder.BIG_ENDIAN, what);
    }

    /** The byte order of multi-byte reads. */
    public ByteOrder order() {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The window's length in bytes. */
    public int length() {
        return length;
    }

    /** What the window holds, as used in messages. */
    public String what() {
        return what;
    }

    /** The window's start as an offset in the file, as used in messages. */
    public long fileOffset() {
        return fileOffset;
    }

    /** The window's start as an index in the backing array. */
    public int arrayOffset() {
        return start;
    }

    /** Whether {@code length} bytes at {@code offset} lie inside the window. */
    public boolean fits(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= this.length - length;
    }

    /**
     * Checks that {@code length} bytes at {@code offset} lie inside the window.
     *
     * @throws BtfFormatException naming {@code context} when they do not
     */
    public void check(long offset, long length, String context) {
        if (!fits(offset, length)) {
            throw error(offset, context + ": " + Long.toUnsignedString(length) + " bytes at offset "
                    + Long.toUnsignedString(offset) + " run past the end (" + this.length + " bytes)");
        }
    }

    /** An exception for a problem at {@code offset} of this window; the caller throws it. */
    public BtfFormatException error(long offset, String message) {
        return new BtfFormatException(what + " (file offset " + Long.toUnsignedString(fileOffset + offset)
                + "): " + message);
    }

    /** The unsigned byte at {@code offset}. Does not move the position. */
    public int getU8(long offset) {
        check(offset, 1, "u8");
        return bytes[start + (int) offset] & 0xff;
    }

    /** The unsigned 16-bit value at {@code offset}, in {@link #order()}. Does not move the position. */
    public int getU16(long offset) {
        check(offset, 2, "u16");
        return Short.toUnsignedInt(buffer.getShort((int) offset));
    }

    /** The 32-bit value at {@code offset}, in {@link #order()}. Does not move the position. */
    public int getInt(long offset) {
        check(offset, 4, "u32");
        return buffer.getInt((int) offset);
    }

    /** The unsigned 32-bit value at {@code offset}, widened. Does not move the position. */
    public long getU32(long offset) {
        return Integer.toUnsignedLong(getInt(offset));
    }

    /** The 64-bit value at {@code offset}, in {@link #order()}. Does not move the position. */
    public long getLong(long offset) {
        check(offset, 8, "u64");
        return buffer.getLong((int) offset);
    }

    /**
     * {@code count} consecutive 32-bit values at {@code offset}, in {@link #order()}, copied
     * into a new array in one bulk operation. Does not move the position.
     */
    public int[] getInts(long offset, int count) {
        check(offset, 4L * count, "u32 array");
        int[] out = new int[count];
        buffer.slice((int) offset, 4 * count).order(buffer.order()).asIntBuffer().get(out);
        return out;
    }

    /** A copy of {@code length} bytes at {@code offset}. */
    public byte[] getBytes(long offset, long length) {
        check(offset, length, "bytes");
        byte[] out = new byte[(int) length];
        System.arraycopy(bytes, start + (int) offset, out, 0, (int) length);
        return out;
    }

    /**
     * The NUL-terminated UTF-8 string at {@code offset}.
     *
     * @throws BtfFormatException when {@code offset} is outside the window or no NUL follows it
     */
    public String getCString(long offset) {
        int end = cStringEnd(offset);
        return new String(bytes, start + (int) offset, end - (int) offset, StandardCharsets.UTF_8);
    }

    /** The offset of the NUL that ends the string at {@code offset}. */
    public int cStringEnd(long offset) {
        check(offset, 1, "string");
        int i = start + (int) offset;
        int limit = start + length;
        while (i < limit && bytes[i] != 0) {
            i++;
        }
        if (i == limit) {
            throw error(offset, "string at offset " + offset + " has no terminating NUL");
        }
        return i - start;
    }

    /** Whether the NUL-terminated string at {@code offset} equals {@code utf8} (no allocation). */
    public boolean cStringEquals(long offset, byte[] utf8) {
        if (!fits(offset, (long) utf8.length + 1)) {
            return false;
        }
        int base = start + (int) offset;
        for (int i = 0; i < utf8.length; i++) {
            if (bytes[base + i] != utf8[i]) {
                return false;
            }
        }
        return bytes[base + utf8.length] == 0;
    }

    /** The position used by the {@code read*} methods. */
    public long position() {
        return position;
    }

    /** Moves the position; it is checked by the next read. */
    public ByteCursor position(long newPosition) {
        position = newPosition;
        return this;
    }

    /** Reads an unsigned byte at the position and advances by 1. */
    public int readU8() {
        int v = getU8(position);
        position += 1;
        return v;
    }

    /** Reads an unsigned 16-bit value at the position and advances by 2. */
    public int readU16() {
        int v = getU16(position);
        position += 2;
        return v;
    }

    /** Reads a 32-bit value at the position and advances by 4. */
    public int readInt() {
        int v = getInt(position);
        position += 4;
        return v;
    }

    /** Reads an unsigned 32-bit value at the position and advances by 4. */
    public long readU32() {
        long v = getU32(position);
        position += 4;
        return v;
    }

    /** Reads a 64-bit value at the position and advances by 8. */
    public long readLong() {
        long v = getLong(position);
        position += 8;
        return v;
    }

    @Override
    public String toString() {
        return what + "[" + length + " bytes at file offset " + fileOffset + ", " + order() + "]";
    }
}
