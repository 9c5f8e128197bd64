package dev.ecli.runner.record;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads a recording frame by frame. Every length is checked against the frame and the file, and
 * every frame against its CRC-32C, so a damaged file fails with one line saying where; a file
 * cut short (a run killed, a copy interrupted) yields every record that is whole, then says where
 * it was cut ({@link #cut}).
 */
public final class RecordingReader implements AutoCloseable {
    private static final LZ4SafeDecompressor LZ4_CODEC = LZ4Factory.safeInstance().safeDecompressor();

    /** What a reader hands on. */
    public interface Visitor {
        /**
         * One record as the kernel gave it; {@code bytes} is valid only during the call.
         * @param cpu -1 when the source did not say
         */
        void record(int stream, int cpu, long timeNanos, MemorySegment bytes) throws RecordingException;

        /** A stream's drop counters (totals) as they were at {@code timeNanos}. */
        default void drops(int stream, long timeNanos, long dropped, long lost) throws RecordingException {}

        /** The run's end: its summary as JSON text. */
        default void end(String summary) throws RecordingException {}
    }

    private final InputStream in;
    private final String name;
    private final RecordingHeader header;
    private final byte[] frameHeader = new byte[Frame.HEADER_BYTES];
    private final CRC32C crc = new CRC32C();
    private long offset;
    private long records;
    private String cut;
    private boolean ended;

    private RecordingReader(InputStream in, String name) throws RecordingException {
        this.in = in;
        this.name = name;
        byte[] magic = read(Frame.MAGIC.length);
        if (magic.length < Frame.MAGIC.length || !Arrays.equals(Arrays.copyOf(magic, 7), Arrays.copyOf(Frame.MAGIC, 7))) {
            throw new RecordingException(name + ": not an ecli-java recording (no ECLIREC magic)");
        }
        if (magic[7] != Frame.MAGIC[7]) {
            throw new RecordingException(name + ": recording format " + magic[7] + ", this ecli-java reads format "
                    + Frame.MAGIC[7]);
        }
        offset = magic.length;
        byte[][] first = new byte[1][];
        int kind = nextFrame(first, null);
        if (kind != Frame.HEADER) {
            throw new RecordingException(name + ": at byte " + Frame.MAGIC.length + ": "
                    + (kind < 0 ? "the file ends before its header" : "the first frame is not the header"));
        }
        this.header = RecordingHeader.fromJson(first[0], name);
    }

    /** Whether {@code file} is a regular file that begins as a recording does (any format version). */
    public static boolean looksLikeRecording(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] m = in.readNBytes(7);
            return Arrays.equals(m, Arrays.copyOf(Frame.MAGIC, 7));
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens {@code file} and reads its header. */
    public static RecordingReader open(Path file) throws RecordingException {
        try {
            return new RecordingReader(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16),
                    file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RecordingException("no such file: " + file, e);
        } catch (IOException e) {
            throw new RecordingException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a recording from a stream ({@code name} for messages). */
    public static RecordingReader open(InputStream in, String name) throws RecordingException {
        return new RecordingReader(in, name);
    }

    /** The header: the package and run the records came from. */
    public RecordingHeader header() {
        return header;
    }

    /** Records handed on so far. */
    public long records() {
        return records;
    }

    /** Where and how the file was cut short, once {@link #next} has met it; else null. */
    public String cut() {
        return cut;
    }

    /** Whether the file ended with its end frame. */
    public boolean ended() {
        return ended;
    }

    /**
     * Hands on the next frame's contents.
     * @return false at the end of the file (or where it was cut: see {@link #cut})
     * @throws RecordingException when the file is damaged: what is wrong and at which byte
     */
    public boolean next(Visitor v) throws RecordingException {
        if (ended || cut != null) {
            return false;
        }
        long at = offset;
        byte[][] payload = new byte[1][];
        int kind = nextFrame(payload, v);
        if (kind < 0) {
            return false;
        }
        switch (kind) {
            case Frame.RECORDS -> records(payload[0], payload[0].length, at, v, true);
            case Frame.DROPS -> {
                if (payload[0].length != Frame.DROPS_BYTES) {
                    throw damaged(at, "a drops frame of " + payload[0].length + " bytes");
                }
                ByteBuffer b = ByteBuffer.wrap(payload[0]).order(ByteOrder.LITTLE_ENDIAN);
                int stream = Short.toUnsignedInt(b.getShort(0));
                checkStream(stream, at);
                long dropped = b.getLong(16), lost = b.getLong(24);
                // Totals of kernel counters: never negative, and their sum is shown.
                if (dropped < 0 || lost < 0 || dropped + lost < 0) {
                    throw damaged(at, "a drops frame with impossible totals (" + dropped + " dropped, " + lost
                            + " lost)");
                }
                v.drops(stream, b.getLong(8), dropped, lost);
            }
            case Frame.END -> {
                ended = true;
                v.end(new String(payload[0], StandardCharsets.UTF_8));
            }
            case Frame.HEADER -> throw damaged(at, "a second header");
            default -> { } // a kind from a later minor version: skipped
        }
        return !ended;
    }

    /** Hands on the records of a frame's payload; a cut frame's whole records too ({@code verified} false). */
    private void records(byte[] p, int length, long at, Visitor v, boolean verified) throws RecordingException {
        ByteBuffer b = ByteBuffer.wrap(p, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment all = MemorySegment.ofArray(p);
        while (b.remaining() >= Frame.RECORD_BYTES) {
            int pos = b.position();
            int stream = Short.toUnsignedInt(b.getShort());
            int cpu = b.getShort();
            long len = Integer.toUnsignedLong(b.getInt());
            long time = b.getLong();
            if (len > b.remaining()) {
                if (verified) {
                    throw damaged(at, "a record of " + len + " bytes in a frame with " + b.remaining() + " left");
                }
                return; // the cut went through this record
            }
            checkStream(stream, at);
            v.record(stream, cpu, time, all.asSlice(b.position(), len));
            records++;
            b.position(b.position() + (int) len);
        }
        if (verified && b.hasRemaining()) {
            throw damaged(at, b.remaining() + " stray bytes after the last record");
        }
    }

    private void checkStream(int stream, long at) throws RecordingException {
        if (stream >= header.streams().size()) {
            throw damaged(at, "stream " + stream + ", the header names " + header.streams().size());
        }
    }

    /**
     * The next frame's kind and (in {@code out[0]}) its raw payload; -1 at the end or where cut,
     * after handing {@code v} the whole records of a cut uncompressed frame.
     */
    private int nextFrame(byte[][] out, Visitor v) throws RecordingException {
        long at = offset;
        int n = readInto(frameHeader);
        if (n == 0) {
            if (header != null && !ended) {
                cut = "the file ends after byte " + at + " without its end frame (the run did not finish writing it)";
            }
            return -1;
        }
        if (n < Frame.HEADER_BYTES) {
            cut = "the file is cut at byte " + (at + n) + ", inside a frame header";
            return -1;
        }
        ByteBuffer h = ByteBuffer.wrap(frameHeader).order(ByteOrder.LITTLE_ENDIAN);
        int kind = h.get(0) & 0xff, flags = h.get(1) & 0xff;
        long stored = Integer.toUnsignedLong(h.getInt(4)), raw = Integer.toUnsignedLong(h.getInt(8));
        int sum = h.getInt(12);
        if (stored > Frame.MAX_PAYLOAD || raw > Frame.MAX_PAYLOAD) {
            throw damaged(at, "a frame of " + Math.max(stored, raw) + " bytes (at most " + Frame.MAX_PAYLOAD + ")");
        }
        if ((flags & Frame.LZ4) == 0 && stored != raw) {
            throw damaged(at, "an uncompressed frame whose two lengths differ");
        }
        offset += Frame.HEADER_BYTES;
        byte[] payload = read((int) stored);
        offset += payload.length;
        if (payload.length < stored) {
            cut = "the file is cut at byte " + offset + ", inside the frame that starts at byte " + at;
            if (kind == Frame.RECORDS && flags == 0 && v != null) {
                records(payload, payload.length, at, v, false);
            }
            return -1;
        }
        crc.reset();
        crc.update(payload);
        if ((int) crc.getValue() != sum) {
            throw damaged(at, "the frame's checksum does not match (the file is damaged)");
        }
        if ((flags & Frame.LZ4) != 0) {
            byte[] plain = new byte[(int) raw];
            try {
                int got = LZ4_CODEC.decompress(payload, 0, payload.length, plain, 0);
                if (got != raw) {
                    throw damaged(at, "a compressed frame that holds " + got + " bytes, not " + raw);
                }
            } catch (LZ4Exception e) {
                throw damaged(at, "a compressed frame that does not decompress");
            }
            payload = plain;
        }
        out[0] = payload;
        return kind;
    }

    private RecordingException damaged(long at, String what) {
        return new RecordingException(name + ": at byte " + at + ": " + what);
    }

    private byte[] read(int n) throws RecordingException {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new RecordingException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private int readInto(byte[] b) throws RecordingException {
        try {
            return in.readNBytes(b, 0, b.length);
        } catch (IOException e) {
            throw new RecordingException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws RecordingException {
        try {
            in.close();
        } catch (IOException e) {
            throw new RecordingException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
