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
 * finite speed each record is held back until its time relative to the first; the sink's clock
 * shows the recorded time. One per replay, across the files of a set. Not thread-safe.
 */
public final class Replay implements RecordingReader.Visitor {
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
        this.paced = new Paced(sink, clock, pace);
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
        private long firstTime = Long.MIN_VALUE, startNanos;
        /** The time of the record being handed on. */
        long timeNanos;

        Paced(Sink sink, EventClock.Replayed clock, double pace) {
            this.sink = sink;
            this.clock = clock;
            this.pace = pace;
        }

        @Override
        public void event(EventStream stream, MemorySegment record) throws IOException {
            waitFor(timeNanos);
            clock.set(timeNanos);
            sink.event(stream, record);
        }

        /** At a finite speed, holds the record back until its time, relative to the first. */
        private void waitFor(long time) throws IOException {
            if (pace == 0) {
                return;
            }
            if (firstTime == Long.MIN_VALUE) {
                firstTime = time;
                startNanos = System.nanoTime();
                return;
            }
            long due = startNanos + (long) ((time - firstTime) / pace);
            long wait = due - System.nanoTime();
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
