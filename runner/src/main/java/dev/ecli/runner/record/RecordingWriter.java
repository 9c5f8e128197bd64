package dev.ecli.runner.record;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes a recording: the header frame, then records gathered into one frame per
 * {@link #flush} (the run loop flushes when every source is drained, so at low rates each event
 * reaches the file at once and at high rates frames fill up to {@link #FRAME_BYTES}). With
 * {@link Options#maxBytes} or {@link Options#maxNanos} the recording goes on in FILE.1, FILE.2,
 * ..., each file standing alone with its own header. Not thread-safe: the consuming thread owns it.
 */
public final class RecordingWriter implements AutoCloseable {
    /** A frame is written once its records reach this size, flush or not. */
    static final int FRAME_BYTES = 1 << 20;

    /**
     * @param maxBytes start a new file once one reaches this size (0: never)
     * @param maxNanos start a new file once one is this old (0: never)
     * @param lz4      compress each frame (LZ4 block, pure-Java codec)
     */
    public record Options(long maxBytes, long maxNanos, boolean lz4) {}

    private static final LZ4Compressor LZ4_CODEC = LZ4Factory.fastestJavaInstance().fastCompressor();

    private final Path first;
    private final byte[] header;
    private final Options options;
    private final ByteBuffer records = ByteBuffer.allocateDirect(FRAME_BYTES + (64 << 10)).order(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment recordsSegment = MemorySegment.ofBuffer(records);
    private final ByteBuffer frameHeader = ByteBuffer.allocate(Frame.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private byte[] compressed = new byte[0];
    private FileChannel out;
    private Path current;
    private int files;
    private long fileBytes;
    private long fileStart;
    private long written;

    private RecordingWriter(Path first, RecordingHeader header, Options options) {
        this.first = first;
        this.header = header.toJson();
        this.options = options;
    }

    /** Creates (or truncates) {@code file} and writes its header. */
    public static RecordingWriter create(Path file, RecordingHeader header, Options options) throws RecordingException {
        RecordingWriter w = new RecordingWriter(file, header, options);
        w.open(file);
        return w;
    }

    /** The file being written now. */
    public Path current() {
        return current;
    }

    /** Bytes written to every file so far. */
    public long bytes() {
        return written;
    }

    /**
     * Appends one record as it came from the kernel. A record larger than a frame gets a frame of
     * its own.
     * @param cpu the CPU it came from, -1 when the source does not say (ring buffers)
     */
    public void record(int stream, int cpu, long timeNanos, MemorySegment bytes) throws RecordingException {
        long len = bytes.byteSize();
        if (len > Frame.MAX_PAYLOAD - Frame.RECORD_BYTES) {
            throw new RecordingException(current + ": a record of " + len + " bytes is larger than a frame may be");
        }
        if (records.position() + Frame.RECORD_BYTES + len > records.capacity()) {
            writeRecords();
        }
        ByteBuffer b = len + Frame.RECORD_BYTES > records.capacity() ? null : records;
        if (b == null) {
            // Rare: one record larger than the buffer; written as a frame of its own, from the heap.
            ByteBuffer one = ByteBuffer.allocate((int) len + Frame.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            putRecordHeader(one, stream, cpu, len, timeNanos);
            one.put(bytes.toArray(ValueLayout.JAVA_BYTE)).flip();
            frame(Frame.RECORDS, one);
            return;
        }
        putRecordHeader(b, stream, cpu, len, timeNanos);
        MemorySegment.copy(bytes, 0, recordsSegment, b.position(), len);
        b.position(b.position() + (int) len);
        if (b.position() >= FRAME_BYTES) {
            writeRecords();
        }
    }

    private static void putRecordHeader(ByteBuffer b, int stream, int cpu, long len, long time) {
        b.putShort((short) stream).putShort((short) cpu).putInt((int) len).putLong(time);
    }

    /** A stream's drop counters (totals) when they have grown. */
    public void drops(int stream, long timeNanos, long dropped, long lost) throws RecordingException {
        writeRecords();
        ByteBuffer b = ByteBuffer.allocate(Frame.DROPS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) stream).putShort((short) 0).putInt(0).putLong(timeNanos).putLong(dropped).putLong(lost).flip();
        frame(Frame.DROPS, b);
    }

    /** Writes the records gathered so far as one frame; then starts a new file when one is due. */
    public void flush() throws RecordingException {
        writeRecords();
        if ((options.maxBytes() > 0 && fileBytes >= options.maxBytes())
                || (options.maxNanos() > 0 && System.nanoTime() - fileStart >= options.maxNanos())) {
            endFile("{\"next\":\"" + first.getFileName() + "." + (files) + "\"}");
            open(first.resolveSibling(first.getFileName() + "." + files));
        }
    }

    /** Writes what is gathered and the end frame ({@code summary}: a JSON object), and closes. */
    public void close(String summary) throws RecordingException {
        if (out == null) {
            return;
        }
        writeRecords();
        endFile(summary);
    }

    @Override
    public void close() throws RecordingException {
        close("{}");
    }

    /**
     * Closes the file as it is, writing nothing more (after a failed write: a full disk would
     * fail the end frame too). A reader sees the recording as cut after its last whole frame.
     */
    public void abandon() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // Nothing more can be saved.
        } finally {
            out = null;
        }
    }

    private void writeRecords() throws RecordingException {
        if (records.position() == 0) {
            return;
        }
        records.flip();
        frame(Frame.RECORDS, records);
        records.clear();
    }

    private void frame(int kind, ByteBuffer payload) throws RecordingException {
        int raw = payload.remaining();
        ByteBuffer stored = payload;
        int flags = 0;
        if (options.lz4() && kind == Frame.RECORDS) {
            int max = LZ4_CODEC.maxCompressedLength(raw);
            if (compressed.length < max) {
                compressed = new byte[max];
            }
            int n = LZ4_CODEC.compress(payload, payload.position(), raw, ByteBuffer.wrap(compressed), 0, max);
            stored = ByteBuffer.wrap(compressed, 0, n);
            flags = Frame.LZ4;
        }
        crc.reset();
        crc.update(stored.duplicate());
        frameHeader.clear();
        frameHeader.put((byte) kind).put((byte) flags).putShort((short) 0).putInt(stored.remaining()).putInt(raw)
                .putInt((int) crc.getValue()).flip();
        try {
            long n = frameHeader.remaining() + stored.remaining();
            ByteBuffer[] both = {frameHeader, stored.duplicate()};
            while (both[1].hasRemaining() || both[0].hasRemaining()) {
                out.write(both);
            }
            fileBytes += n;
            written += n;
        } catch (IOException e) {
            throw new RecordingException("cannot write " + current + ": " + e.getMessage(), e);
        }
    }

    private void open(Path file) throws RecordingException {
        try {
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            out.write(ByteBuffer.wrap(Frame.MAGIC));
        } catch (IOException e) {
            throw new RecordingException("cannot write " + file + ": " + e.getMessage(), e);
        }
        current = file;
        files++;
        fileBytes = Frame.MAGIC.length;
        written += Frame.MAGIC.length;
        fileStart = System.nanoTime();
        frame(Frame.HEADER, ByteBuffer.wrap(header));
    }

    private void endFile(String summary) throws RecordingException {
        frame(Frame.END, ByteBuffer.wrap(summary.getBytes(StandardCharsets.UTF_8)));
        try {
            out.close();
        } catch (IOException e) {
            throw new RecordingException("cannot write " + current + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }
}
