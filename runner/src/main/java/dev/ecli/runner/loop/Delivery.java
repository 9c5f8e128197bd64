package dev.ecli.runner.loop;

import dev.ecli.runner.consume.RecordHandler;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.stream.EventStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Hands records to a sink, the one way both a live run and a replay do it: the tap sees the
 * record raw; a record shorter than its struct is skipped, counted and warned about once; the
 * stream's filter decides; the sink writes; {@code --max-events} stops the run. An IOException
 * from the tap or the sink is kept and rethrown by {@link #rethrow} once the caller is back in
 * Java (records may arrive through an upcall from C, which must not throw). Not thread-safe.
 */
public final class Delivery implements RecordHandler {
    private final Sink sink;
    private final long max;
    private final StopSignal stop;
    private final Tallies tallies;
    private final Warnings warnings;
    private final RecordTap tap;
    private EventStream stream;
    /** The current stream's index. */
    private int slot;
    private long events;
    private long shortRecords;
    private long filtered;
    private IOException failure;
    /** Where a record shorter than its struct but past its variable tail's start is padded. */
    private MemorySegment scratch;

    /**
     * @param sink     where records that pass go
     * @param max      {@code --max-events}: stop after this many written; {@code <= 0}: no limit
     * @param stop     told {@link StopReason#MAX_EVENTS} when {@code max} is reached
     * @param tallies  per-stream counts, sized for the streams; null: not kept
     * @param warnings where the short-record warning goes
     * @param tap      sees every record first, raw (a recorder); null: none
     */
    public Delivery(Sink sink, long max, StopSignal stop, Tallies tallies, Warnings warnings, RecordTap tap) {
        this.sink = sink;
        this.max = max;
        this.stop = stop;
        this.tallies = tallies;
        this.warnings = warnings;
        this.tap = tap;
    }

    /** Records that follow come from stream {@code i}, shown as {@code s}. */
    public void select(int i, EventStream s) {
        slot = i;
        stream = s;
    }

    /** {@code --max-events} reached: no more records are written. */
    public boolean full() {
        return max > 0 && events >= max;
    }

    /** Full, or the tap or sink failed: nothing more will be written. */
    public boolean done() {
        return failure != null || full();
    }

    /** Records written so far. */
    public long events() {
        return events;
    }

    /** Records the streams' filters left out so far. */
    public long filtered() {
        return filtered;
    }

    /** Records skipped as shorter than their struct so far. */
    public long shortRecords() {
        return shortRecords;
    }

    @Override
    public void onRecord(MemorySegment record) {
        // Records already in the ring when Ctrl-C arrives are still written; only the
        // --max-events cut drops the rest of a batch.
        if (done()) {
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
        if (record.byteSize() < stream.plan().size() && record.byteSize() >= stream.plan().minSize()) {
            record = padded(record, stream.plan().size());
        }
        if (record.byteSize() < stream.plan().size()) {
            if (tallies != null) {
                tallies.shortRecord(slot);
            }
            if (shortRecords++ == 0) {
                warnings.warn("map " + stream.map() + ": record of " + record.byteSize()
                        + " bytes is shorter than struct " + stream.plan().typeName() + " ("
                        + stream.plan().size() + " bytes); skipping such records");
            }
            return;
        }
        if (!stream.filter().test(record)) {
            filtered++;
            if (tallies != null) {
                tallies.filtered();
            }
            return;
        }
        try {
            sink.event(stream, record);
        } catch (IOException e) {
            failure = e;
            return;
        }
        if (tallies != null) {
            tallies.event(slot);
        }
        if (++events == max) {
            stop.stop(StopReason.MAX_EVENTS);
        }
    }

    /** {@code record} copied into zeros of {@code size} bytes, valid until the next call: a variable tail's rest. */
    private MemorySegment padded(MemorySegment record, long size) {
        if (scratch == null || scratch.byteSize() < size) {
            scratch = Arena.ofAuto().allocate(size, 8);
        }
        MemorySegment out = scratch.asSlice(0, size);
        out.fill((byte) 0);
        MemorySegment.copy(record, 0, out, 0, record.byteSize());
        return out;
    }

    /** Throws what the tap or sink threw since the last call, once. */
    public void rethrow() throws IOException {
        if (failure != null) {
            IOException f = failure;
            failure = null;
            throw f;
        }
    }
}
