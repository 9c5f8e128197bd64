package dev.ecli.runner.loop;

import dev.ecli.runner.consume.RecordHandler;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.Sink;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Hands records to the sink, counting them; a record shorter than its struct is skipped and
 * counted. An IOException from the sink is kept and rethrown once the poll is back in Java
 * (records may arrive through an upcall from C, which must not throw).
 */
final class RecordCounter implements RecordHandler {
    private final Sink sink;
    private final long max;
    private final StopSignal stop;
    private final Tallies tallies;
    private final Warnings warnings;
    private EventStream stream;
    /** The current stream's index. */
    private int slot;
    long events;
    long shortRecords;
    private IOException failure;
    /** Sees every record first; null: none. */
    RecordTap tap;

    RecordCounter(Sink sink, long max, StopSignal stop, Tallies tallies, Warnings warnings) {
        this.sink = sink;
        this.max = max;
        this.stop = stop;
        this.tallies = tallies;
        this.warnings = warnings;
    }

    /** Records that follow come from stream {@code i}. */
    void select(int i, EventStream s) {
        slot = i;
        stream = s;
    }

    /** {@code --max-events} reached: no more records are written. */
    boolean full() {
        return max > 0 && events >= max;
    }

    @Override
    public void onRecord(MemorySegment record) {
        // Records already in the ring when Ctrl-C arrives are still written; only the
        // --max-events cut drops the rest of a batch.
        if (failure != null || full()) {
            return;
        }
        if (tap != null) {
            try {
                tap.record(slot, record);
            } catch (IOException e) {
                failure = e;
                return;
            }
        }
        if (record.byteSize() < stream.plan().size()) {
            tallies.shortRecord(slot);
            if (shortRecords++ == 0) {
                warnings.warn("map " + stream.map() + ": record of " + record.byteSize()
                        + " bytes is shorter than struct " + stream.plan().typeName() + " ("
                        + stream.plan().size() + " bytes); skipping such records");
            }
            return;
        }
        if (!stream.filter().test(record)) {
            return;
        }
        try {
            sink.event(stream, record);
        } catch (IOException e) {
            failure = e;
            return;
        }
        tallies.event(slot);
        if (++events == max) {
            stop.stop(StopReason.MAX_EVENTS);
        }
    }

    /** Throws what the sink threw during the last poll. */
    void rethrow() throws IOException {
        if (failure != null) {
            IOException f = failure;
            failure = null;
            throw f;
        }
    }
}
