package dev.ecli.runner.record;

import dev.ecli.runner.loop.Delivery;
import dev.ecli.runner.loop.StopSignal;
import dev.ecli.runner.loop.Warnings;
import dev.ecli.runner.output.EventClock;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.stream.EventStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Hands a recording's records to a sink through the live run's {@link Delivery} (short-record
 * check, filter, sink, {@code --max-events}), so a replay shows what the run would have. At a
 * finite speed each record is held back until its time relative to the first, but never more
 * than {@link #MAX_WAIT_SECONDS} after the one before: a longer gap (a paused recorder, a
 * damaged or hostile time) is reported and skipped. The sink's clock shows the recorded time.
 * One per replay, across the files of a set. Not thread-safe.
 */
public final class Replay implements RecordingReader.Visitor {
    /** The longest wait between two records at a finite speed; longer gaps are skipped. */
    public static final int MAX_WAIT_SECONDS = 10;
    private final Paced paced;
    private final Delivery delivery;
    private final Warnings warnings;
    private List<EventStream> streams;
    private String file;
    private long records;
    private long[] dropsShown = new long[0];

    /**
     * @param sink     where events go
     * @param clock    set to each record's recorded time before it is written
     * @param pace     speed factor (1: as recorded); 0: as fast as possible
     * @param max      {@code --max-events}; {@code <= 0}: no limit
     * @param warnings where the recording's drop counts are reported
     */
    public Replay(Sink sink, EventClock.Replayed clock, double pace, long max, Warnings warnings) {
        this.paced = new Paced(sink, clock, pace, this::skipped);
        // A replay's summary line counts short records: no warning per stream.
        this.delivery = new Delivery(paced, max, new StopSignal(), null, Warnings.none(), null);
        this.warnings = warnings;
    }

    /** The records that follow come from {@code file}, whose plan shows them as {@code s}. */
    public void use(List<EventStream> s, String f) {
        streams = s;
        file = f;
        if (dropsShown.length != s.size()) {
            dropsShown = new long[s.size()];
        }
    }

    /** The output failed, or {@code --max-events} were written: read no further. */
    public boolean done() {
        return delivery.done();
    }

    /** Throws what the sink threw while the last records were handed on. */
    public void rethrow() throws IOException {
        delivery.rethrow();
    }

    /** Records read, events written, short records skipped. */
    public long records() {
        return records;
    }

    /** Events written. */
    public long events() {
        return delivery.events();
    }

    /** Records skipped as shorter than their struct. */
    public long shortRecords() {
        return delivery.shortRecords();
    }

    @Override
    public void record(int stream, int cpu, long timeNanos, MemorySegment bytes) {
        records++;
        if (delivery.done()) {
            return;
        }
        delivery.select(stream, streams.get(stream));
        paced.timeNanos = timeNanos;
        delivery.onRecord(bytes);
    }

    private void skipped(double seconds) {
        warnings.warn(String.format(java.util.Locale.ROOT, "%s: %.0f s without records at record %d skipped"
                + " (a replay waits at most %d s between records)", file, seconds, records, MAX_WAIT_SECONDS));
    }

    @Override
    public void drops(int stream, long timeNanos, long dropped, long lost) {
        long total = dropped + lost;
        if (total > dropsShown[stream]) {
            warnings.warn(file + ": map " + streams.get(stream).map() + ": " + (total - dropsShown[stream])
                    + " records dropped or lost by the kernel while recording, " + total + " in all");
            dropsShown[stream] = total;
        }
    }

    /** The sink, written to at the recorded pace and with the recorded time on its clock. */
    private static final class Paced implements Sink {
        private final Sink sink;
        private final EventClock.Replayed clock;
        private final double pace;
        private final java.util.function.DoubleConsumer skipped;
        private boolean started;
        /** Records are due relative to this one: the first, or the first after a skipped gap. */
        private long anchorTime, anchorNanos, lastTime;
        /** The time of the record being handed on. */
        long timeNanos;

        Paced(Sink sink, EventClock.Replayed clock, double pace, java.util.function.DoubleConsumer skipped) {
            this.sink = sink;
            this.clock = clock;
            this.pace = pace;
            this.skipped = skipped;
        }

        @Override
        public void event(EventStream stream, MemorySegment record) throws IOException {
            waitFor(timeNanos);
            clock.set(timeNanos);
            sink.event(stream, record);
        }

        /** At a finite speed, holds the record back until its time, relative to the anchor. */
        private void waitFor(long time) throws IOException {
            if (pace == 0) {
                return;
            }
            // Doubles: recorded times are untrusted, and a difference of two longs may overflow.
            double gap = ((double) time - lastTime) / pace;
            lastTime = time;
            // Back in time (the clock was stepped): paced again from here.
            if (!started || gap < 0 || gap > MAX_WAIT_SECONDS * 1e9) {
                if (started && gap > 0) {
                    skipped.accept(gap / 1e9);
                }
                started = true;
                anchorTime = time;
                anchorNanos = System.nanoTime();
                return;
            }
            double dueIn = (anchorNanos - System.nanoTime()) + ((double) time - anchorTime) / pace;
            long wait = (long) Math.min(dueIn, MAX_WAIT_SECONDS * 1e9);
            if (wait > 0) {
                sink.flush();
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }
}
