package dev.ecli.runner.record;

import dev.ecli.runner.loop.RecordTap;
import java.lang.foreign.MemorySegment;

/**
 * The run loop's tap that writes a recording: each raw record with its stream and the time it
 * was received (ns since the epoch, from one wall-clock reading and the monotonic clock after
 * it, so a clock step mid-run does not reorder records), the drop totals as they grow, and a
 * frame per loop drain so the file lags the kernel by no more than the output does.
 *
 * <p>A write that fails (a full disk) is not thrown into the loop: the recorder keeps the first
 * failure, writes nothing more and calls its {@link #onFailure} action once (the run stops with
 * its summary); the file then ends after its last whole frame.
 */
public final class Recorder implements RecordTap {
    private final RecordingWriter writer;
    private final long epochBase = System.currentTimeMillis() * 1_000_000L;
    private final long monoBase = System.nanoTime();
    private long records;
    private RecordingException failure;
    private Runnable onFailure = () -> { };

    /** Records into {@code writer}, which this recorder closes. */
    public Recorder(RecordingWriter writer) {
        this.writer = writer;
    }

    private long now() {
        return epochBase + (System.nanoTime() - monoBase);
    }

    /** What to do, once, when a write fails (the run's stop). */
    public void onFailure(Runnable action) {
        this.onFailure = action;
    }

    /** The first write that failed, or null. */
    public RecordingException failure() {
        return failure;
    }

    private void failed(RecordingException e) {
        if (failure == null) {
            failure = e;
            onFailure.run();
        }
    }

    @Override
    public void record(int stream, MemorySegment record) {
        if (failure != null) {
            return;
        }
        try {
            // Ring buffers do not say which CPU a record came from.
            writer.record(stream, -1, now(), record);
            records++;
        } catch (RecordingException e) {
            failed(e);
        }
    }

    @Override
    public void drops(int stream, long dropped, long lost) {
        if (failure != null) {
            return;
        }
        try {
            writer.drops(stream, now(), dropped, lost);
        } catch (RecordingException e) {
            failed(e);
        }
    }

    @Override
    public void flush() {
        if (failure != null) {
            return;
        }
        try {
            writer.flush();
        } catch (RecordingException e) {
            failed(e);
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

    /**
     * Writes the end frame with {@code summary} (a JSON object) and closes the file; after a
     * failed write, only closes it.
     */
    public void close(String summary) throws RecordingException {
        if (failure != null) {
            writer.abandon();
            return;
        }
        writer.close(summary);
    }
}
