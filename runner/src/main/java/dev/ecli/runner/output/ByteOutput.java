package dev.ecli.runner.output;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A reusable byte buffer in front of an {@link OutputStream}: formatting writes here without
 * allocating, and bytes reach the stream only on {@link #flush()} or when the buffer fills.
 */
final class ByteOutput {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private byte[] buf;
    private int len;

    ByteOutput(OutputStream out, int capacity) {
        this.out = out;
        this.buf = new byte[capacity];
    }

    /** Bytes waiting to be written. */
    int pending() {
        return len;
    }

    void flush() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
        out.flush();
    }

    void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    /** Writes out the buffer once it holds more than {@code threshold} bytes. */
    void drainAbove(int threshold) throws IOException {
        if (len > threshold) {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    /**
     * Room for {@code n} more bytes: the buffer to write into from {@link #length()} on, for
     * callers that format several values in a row and then {@link #length(int) set} the new
     * length once. Valid until the next call that writes.
     */
    byte[] reserve(int n) {
        ensure(n);
        return buf;
    }

    /** Bytes in the buffer. */
    int length() {
        return len;
    }

    /** Sets the bytes in the buffer after writing into {@link #reserve} space. */
    void length(int n) {
        len = n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }

    void write(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void utf8(String s) {
        write(s.getBytes(StandardCharsets.UTF_8));
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    void bool(boolean b) {
        write(b ? TRUE : FALSE);
    }

    void spaces(int n) {
        ensure(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            buf[len++] = ' ';
        }
    }

    void signed(long v) {
        ensure(20);
        len = putSigned(buf, len, v);
    }

    /** Writes the 64 bits of {@code v} as an unsigned decimal. */
    void unsigned(long v) {
        ensure(20);
        len = putUnsigned(buf, len, v);
    }

    /** Writes {@code v} as a decimal at {@code p} (room for 20 bytes); returns the end. */
    static int putSigned(byte[] b, int p, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                System.arraycopy(MIN_LONG, 0, b, p, MIN_LONG.length);
                return p + MIN_LONG.length;
            }
            b[p++] = '-';
            v = -v;
        }
        return putUnsigned(b, p, v);
    }

    /** Writes the 64 bits of {@code v} as an unsigned decimal at {@code p} (room for 20 bytes); returns the end. */
    static int putUnsigned(byte[] b, int p, long v) {
        if (v < 0) {
            // Top bit set: divide once unsigned, then the rest fits in a signed long.
            long q = Long.divideUnsigned(v, 10);
            p = putUnsigned(b, p, q);
            b[p] = (byte) ('0' + (v - q * 10));
            return p + 1;
        }
        int end = p + decimalLength(v);
        int at = end;
        // Two digits per division, from the right; 32-bit arithmetic once the value fits.
        while (v >= Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            b[--at] = DIGIT_ONES[r];
            b[--at] = DIGIT_TENS[r];
            v = q;
        }
        int i = (int) v;
        while (i >= 100) {
            int q = i / 100;
            int r = i - q * 100;
            b[--at] = DIGIT_ONES[r];
            b[--at] = DIGIT_TENS[r];
            i = q;
        }
        if (i >= 10) {
            b[--at] = DIGIT_ONES[i];
            b[--at] = DIGIT_TENS[i];
        } else {
            b[--at] = (byte) ('0' + i);
        }
        return end;
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /** Decimal digits of a non-negative long. */
    private static int decimalLength(long v) {
        // log10 from the bit length (x * 1233 >> 12 is about x * log10(2)), then one correction.
        // (v | 1) only differs from v at 0, which has one digit; 10^k - 1 is odd, so no boundary moves.
        int guess = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
        return guess + ((v | 1) >= POWERS_OF_TEN[guess] ? 1 : 0);
    }

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    /**
     * Writes a C string as the body of a JSON string: the bytes of {@code seg} from
     * {@code offset} up to the first NUL or {@code max} bytes, escaped as {@link #jsonChars}
     * does.
     */
    void jsonCString(MemorySegment seg, long offset, int max) {
        ensure(max);
        int end = putPlainCString(buf, len, seg, offset, max);
        if (end >= 0) {
            len = end;
        } else {
            slowCString(seg, offset, 0, max);
        }
    }

    private static final ValueLayout.OfLong LE64 =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * The fast case of {@link #jsonCString}: copies the string to {@code b} at {@code p} (room
     * for {@code max} bytes) when it is plain printable ASCII, and returns the end; returns -1,
     * having written garbage, when a byte needs escaping or UTF-8 checks. Reads eight bytes at
     * a time.
     */
    static int putPlainCString(byte[] b, int p, MemorySegment seg, long offset, int max) {
        int i = 0;
        for (; i + 8 <= max; i += 8) {
            long w = seg.get(LE64, offset + i);
            for (int k = 0; k < 64; k += 8) {
                byte c = (byte) (w >>> k);
                if (c == 0) {
                    return p;
                }
                // Control characters, quotes, backslashes and bytes >= 0x80 (negative here).
                if (c < 0x20 || c == '"' || c == '\\') {
                    return -1;
                }
                b[p++] = c;
            }
        }
        for (; i < max; i++) {
            byte c = seg.get(ValueLayout.JAVA_BYTE, offset + i);
            if (c == 0) {
                return p;
            }
            if (c < 0x20 || c == '"' || c == '\\') {
                return -1;
            }
            b[p++] = c;
        }
        return p;
    }

    private void slowCString(MemorySegment seg, long offset, int from, int max) {
        int n = from;
        while (n < max && seg.get(ValueLayout.JAVA_BYTE, offset + n) != 0) {
            n++;
        }
        jsonChars(seg, offset + from, n - from);
    }

    /**
     * Writes {@code length} bytes of {@code seg} at {@code offset} as the body of a JSON string:
     * valid UTF-8 passes through, control characters, quotes and backslashes are escaped, and
     * bytes that are not valid UTF-8 become six-character escapes of the byte value, so the output is always valid JSON.
     */
    void jsonChars(MemorySegment seg, long offset, int length) {
        ensure(length * 6);
        int i = 0;
        while (i < length) {
            int b = seg.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff;
            if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
                buf[len++] = (byte) b;
                i++;
            } else if (b < 0x80) {
                escape(b);
                i++;
            } else {
                int n = utf8Length(seg, offset + i, length - i);
                if (n == 0) {
                    escape(b);
                    i++;
                } else {
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset + i, buf, len, n);
                    len += n;
                    i += n;
                }
            }
        }
    }

    /** Same as {@link #jsonChars} for a Java string. */
    void jsonString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        jsonChars(MemorySegment.ofArray(b), 0, b.length);
    }

    private void escape(int b) {
        switch (b) {
            case '"' -> { buf[len++] = '\\'; buf[len++] = '"'; }
            case '\\' -> { buf[len++] = '\\'; buf[len++] = '\\'; }
            case '\n' -> { buf[len++] = '\\'; buf[len++] = 'n'; }
            case '\t' -> { buf[len++] = '\\'; buf[len++] = 't'; }
            case '\r' -> { buf[len++] = '\\'; buf[len++] = 'r'; }
            default -> {
                buf[len++] = '\\';
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[b >>> 4];
                buf[len++] = HEX[b & 15];
            }
        }
    }

    /** Length of the valid UTF-8 sequence starting at {@code at}, or 0 when it is not valid. */
    private static int utf8Length(MemorySegment seg, long at, int avail) {
        int b0 = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        int n;
        int min;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (n > avail) {
            return 0;
        }
        int cp = b0 & (0xff >>> (n + 1));
        for (int k = 1; k < n; k++) {
            int b = seg.get(ValueLayout.JAVA_BYTE, at + k) & 0xff;
            if ((b & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }
}
