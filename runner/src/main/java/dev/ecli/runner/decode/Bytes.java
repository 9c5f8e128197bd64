package dev.ecli.runner.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Native-order loads from event memory; events come from the running kernel, so native order. */
final class Bytes {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ORDER);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ORDER);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ORDER);

    private Bytes() {}

    /** Zero-extended load of a 1, 2, 4 or 8 byte integer. */
    static long load(MemorySegment s, long at, int size) {
        return switch (size) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, at) & 0xffL;
            case 2 -> s.get(U16, at) & 0xffffL;
            case 4 -> s.get(U32, at) & 0xffff_ffffL;
            case 8 -> s.get(U64, at);
            default -> throw new IllegalStateException("integer size " + size);
        };
    }

    /**
     * The 16-byte integer at {@code at} (__int128), in native byte order, as an exact value.
     * @param signed whether the top bit is a sign bit
     */
    static java.math.BigInteger load128(MemorySegment s, long at, boolean signed) {
        long lo = s.get(U64, at + (ORDER == ByteOrder.LITTLE_ENDIAN ? 0 : 8));
        long hi = s.get(U64, at + (ORDER == ByteOrder.LITTLE_ENDIAN ? 8 : 0));
        java.math.BigInteger v = java.math.BigInteger.valueOf(hi).shiftLeft(64)
                .or(java.math.BigInteger.valueOf(lo).and(LOW_64));
        return signed || hi >= 0 ? v : v.add(java.math.BigInteger.ONE.shiftLeft(128));
    }

    private static final java.math.BigInteger LOW_64 = java.math.BigInteger.ONE.shiftLeft(64)
            .subtract(java.math.BigInteger.ONE);

    static long signExtend(long raw, int bits) {
        int shift = 64 - bits;
        return shift <= 0 ? raw : (raw << shift) >> shift;
    }

    /**
     * Loads {@code bits} (1..64) bits starting {@code bitOffset} bits after {@code base}, with
     * the compiler's bitfield layout for this byte order.
     */
    static long loadBits(MemorySegment s, long base, long bitOffset, int bits) {
        long first = base + (bitOffset >>> 3);
        int shift = (int) (bitOffset & 7);
        int nbytes = (shift + bits + 7) >>> 3;
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        if (ORDER == ByteOrder.LITTLE_ENDIAN) {
            long acc = 0;
            int n = Math.min(nbytes, 8);
            for (int i = 0; i < n; i++) {
                acc |= (s.get(ValueLayout.JAVA_BYTE, first + i) & 0xffL) << (8 * i);
            }
            long value = acc >>> shift;
            if (nbytes > 8) {
                value |= (s.get(ValueLayout.JAVA_BYTE, first + 8) & 0xffL) << (64 - shift);
            }
            return value & mask;
        }
        // Big endian: bit 0 is the most significant bit of the first byte.
        long hi = 0;
        int n = Math.min(nbytes, 8);
        for (int i = 0; i < n; i++) {
            hi = (hi << 8) | (s.get(ValueLayout.JAVA_BYTE, first + i) & 0xffL);
        }
        if (nbytes > 8) {
            // A 64-bit window starting at the field's first bit, then its top `bits` bits.
            long last = s.get(ValueLayout.JAVA_BYTE, first + 8) & 0xffL;
            long window = (hi << shift) | (last >>> (8 - shift));
            return (window >>> (64 - bits)) & mask;
        }
        return (hi >>> (nbytes * 8 - shift - bits)) & mask;
    }
}
