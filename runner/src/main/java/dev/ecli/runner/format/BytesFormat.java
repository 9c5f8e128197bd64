package dev.ecli.runner.format;

/**
 * A format for a small array of bytes shown as one value, such as an IPv6 address in a
 * {@code __u8[16]}. Sinks that meet it on an array field give it the array's bytes; on a
 * single integer it shows the number.
 */
public interface BytesFormat extends ValueFormat {
    /** The text for the array's bytes, in memory order. */
    String formatBytes(byte[] bytes);

    @Override
    default String format(long value) {
        return Long.toString(value);
    }
}
