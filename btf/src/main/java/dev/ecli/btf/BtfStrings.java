package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;

/**
 * The BTF string section. Offsets of split BTF continue after its base's strings: an offset
 * below {@link #start()} names a base string. Offset 0 is always the empty string.
 * Strings are decoded on each call; callers that need one often keep it.
 */
final class BtfStrings {
    private final ByteCursor data;
    private final long start;
    private final BtfStrings base;

    private BtfStrings(ByteCursor data, BtfStrings base) {
        this.data = data;
        this.base = base;
        this.start = base == null ? 0 : base.end();
    }

    /**
     * Wraps and checks a string section: it must end with a NUL (so that every offset inside
     * it names a terminated string) and, for base BTF, start with one.
     */
    static BtfStrings of(ByteCursor data, BtfStrings base) {
        if (base != null && data.length() == 0) {
            return new BtfStrings(data, base);
        }
        if (data.length() == 0 || data.getU8(data.length() - 1) != 0) {
            throw data.error(Math.max(0, data.length() - 1), "string section of " + data.length()
                    + " bytes does not end with a NUL");
        }
        if (base == null && data.getU8(0) != 0) {
            throw data.error(0, "string section does not start with the empty string");
        }
        return new BtfStrings(data, base);
    }

    /** The first offset of this section (the base's end for split BTF, else 0). */
    long start() {
        return start;
    }

    /** One past the last valid offset. */
    long end() {
        return start + data.length();
    }

    /** Whether {@code offset} names a string of this section or of its base. */
    boolean valid(long offset) {
        return offset >= 0 && offset < end();
    }

    /** The string at {@code offset}; the caller has checked it with {@link #valid}. */
    String get(long offset) {
        if (offset == 0) {
            return "";
        }
        if (offset < start) {
            return base.get(offset);
        }
        return data.getCString(offset - start);
    }

    /** Whether the string at {@code offset} equals {@code utf8}, without decoding it. */
    boolean equals(long offset, byte[] utf8) {
        if (offset < start) {
            return base.equals(offset, utf8);
        }
        return data.cStringEquals(offset - start, utf8);
    }
}
