package dev.ecli.runner.record;

import dev.ecli.runner.loop.RecordTap;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The run loop's tap that writes a recording: each raw record with its stream and the time it
 * was received (ns since the epoch, from one wall-clock reading and the monotonic clock after
 * it, so a clock step mid-run does not reorder records), the drop totals as they grow, and a
 * frame per loop drain so the file lags the kernel by no more than the output does.
 */
public final class Recorder implements RecordTap {
    private final RecordingWriter writer;
    private final long epochBase = System.currentTimeMillis() * 1_000_000L;
    private final long monoBase = System.nanoTime();
    private long records;

    /** Records into {@code writer}, which this recorder closes. */
    public Recorder(RecordingWriter writer) {
        this.writer = writer;
    }

    private long now() {
        return epochBase + (System.nanoTime() - monoBase);
    }

    @Override
    public void record(int stream, MemorySegment record) throws IOException {
        try {
            // Ring buffers do not say which CPU a record came from.
            writer.record(stream, -1, now(), record);
            records++;
        } catch (RecordingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void drops(int stream, long dropped, long lost) throws IOException {
        try {
            writer.drops(stream, now(), dropped, lost);
        } catch (RecordingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            writer.flush();
        } catch (RecordingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Records written so far. */
    public long records() {
        return records;
    }

    /** The bytes written so far, across rotated files. */
    public long bytes() {
        return writer.bytes();
    }

    /** Writes the end frame with {@code summary} (a JSON object) and closes the file. */
    public void close(String summary) throws RecordingException {
        writer.close(summary);
    }
}
