package dev.ecli.runner.decode;

import java.lang.foreign.MemorySegment;

/**
 * Receives one decoded record as a stream of values, in struct order. Inside an object each
 * value is preceded by {@link #name(String)}; array elements are not. Segments passed to
 * {@link #chars} are only valid during the call.
 */
public interface ValueVisitor {
    /** The name of the next value inside an object. */
    void name(String name);

    /** A signed integer (sign-extended to 64 bits). */
    void signed(long value);

    /** An unsigned integer; for 64-bit values the bits are the unsigned value. */
    void unsigned(long value);

    /**
     * An integer wider than 64 bits ({@code __int128}, {@code unsigned __int128}), exact.
     * Visitors that show numbers override this; the default passes on its low 64 bits.
     */
    default void integer(java.math.BigInteger value) {
        if (value.signum() < 0) {
            signed(value.longValue());
        } else {
            unsigned(value.longValue());
        }
    }

    void bool(boolean value);

    void floating(double value);

    /** A C string: {@code length} bytes at {@code offset}, already cut at the first NUL. */
    void chars(MemorySegment record, long offset, int length);

    /** An enum value whose number matched the enumerator {@code name}. */
    void enumerator(String name, long value);

    void beginObject();

    void endObject();

    void beginArray();

    void endArray();
}
