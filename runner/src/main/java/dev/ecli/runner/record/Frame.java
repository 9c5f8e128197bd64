package dev.ecli.runner.record;

/**
 * The framing every recording shares ({@code docs/recording.md}): after the 8-byte magic, frames
 * of a 16-byte header (kind, flags, stored length, raw length, CRC-32C of the stored bytes) and
 * their payload. All numbers little-endian.
 */
final class Frame {
    /** The file's first 8 bytes: "ECLIREC" and the format's major version. */
    static final byte[] MAGIC = {'E', 'C', 'L', 'I', 'R', 'E', 'C', 1};
    static final int HEADER_BYTES = 16;
    /** The package and run the recording came from (JSON). Always the first frame. */
    static final int HEADER = 1;
    /** Records: each {@link #RECORD_BYTES} of stream, CPU, length and receive time, then its bytes. */
    static final int RECORDS = 2;
    /** A stream's drop counters as they grew: stream, time, kernel drops, lost samples (totals). */
    static final int DROPS = 3;
    /** The end of the run (JSON: events, drops, why it stopped). */
    static final int END = 4;
    /** Flag: the payload is one LZ4 block; raw length is its size decompressed. */
    static final int LZ4 = 1;
    static final int RECORD_BYTES = 16;
    static final int DROPS_BYTES = 32;
    /** Larger than any frame a writer makes; bounds what a hostile length can make a reader allocate. */
    static final int MAX_PAYLOAD = 16 << 20;

    private Frame() {}
}
