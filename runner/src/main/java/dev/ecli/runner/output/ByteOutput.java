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
    private final byte[] digits = new byte[20];
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
        if (v == Long.MIN_VALUE) {
            write(MIN_LONG);
            return;
        }
        if (v < 0) {
            write((byte) '-');
            v = -v;
        }
        unsigned(v);
    }

    /** Writes the 64 bits of {@code v} as an unsigned decimal. */
    void unsigned(long v) {
        if (v < 0) {
            // Top bit set: divide once unsigned, then the rest fits in a signed long.
            long q = Long.divideUnsigned(v, 10);
            ensure(20);
            unsigned(q);
            buf[len++] = (byte) ('0' + (v - q * 10));
            return;
        }
        int n = decimalLength(v);
        ensure(n);
        int p = len + n;
        // Two digits per division, straight into the buffer from the right.
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            buf[--p] = DIGIT_ONES[r];
            buf[--p] = DIGIT_TENS[r];
            v = q;
        }
        if (v >= 10) {
            buf[--p] = DIGIT_ONES[(int) v];
            buf[--p] = DIGIT_TENS[(int) v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
        len += n;
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
     * does. Plain ASCII is copied in one pass; anything else takes the general path.
     */
    void jsonCString(MemorySegment seg, long offset, int max) {
        ensure(max * 6);
        // Copy the whole array in one go, then keep what precedes the NUL when it is plain ASCII.
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, buf, len, max);
        for (int i = 0; i < max; i++) {
            byte b = buf[len + i];
            if (b == 0) {
                len += i;
                return;
            }
            // Control characters, quotes, backslashes and bytes >= 0x80 (negative here) need care.
            if (b < 0x20 || b == '"' || b == '\\') {
                len += i;
                slowCString(seg, offset, i, max);
                return;
            }
        }
        len += max;
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
