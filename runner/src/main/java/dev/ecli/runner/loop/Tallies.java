package dev.ecli.runner.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What each exported stream of a run has seen, written by the run loop (plain reads and
 * release stores, cheap on the hot path) and read by other threads (metrics, status line).
 */
public final class Tallies {
    /** What one exported stream has seen so far. */
    public record Tally(String map, long events, long shortRecords, long dropped) {}

    private final List<String> maps;
    private final AtomicLongArray events, shortRecords, drops;
    /** Records a stream's filter left out; one count over all streams, read by the status line. */
    private volatile long filtered;
    private volatile long dropped, sinkDropped;

    /** @param maps the streams' map names, in manifest order */
    public Tallies(List<String> maps) {
        this.maps = List.copyOf(maps);
        events = new AtomicLongArray(maps.size());
        shortRecords = new AtomicLongArray(maps.size());
        drops = new AtomicLongArray(maps.size());
    }

    /** One more record written on stream {@code i}; the run loop's thread only. */
    public void event(int i) {
        events.setRelease(i, events.getPlain(i) + 1);
    }

    /** One more short record skipped on stream {@code i}; the run loop's thread only. */
    public void shortRecord(int i) {
        shortRecords.setRelease(i, shortRecords.getPlain(i) + 1);
    }

    /** One more record a filter left out; the run loop's thread only. */
    public void filtered() {
        filtered = filtered + 1; // one writer: no lost update
    }

    /** Records filters left out over all streams so far; any thread. */
    public long filteredCount() {
        return filtered;
    }

    /** Stream {@code i}'s kernel drops as last read. */
    public void drops(int i, long n) {
        drops.setRelease(i, n);
    }

    /** The kernel's drops over all streams, and the sinks', as last read. */
    public void totals(long kernel, long sinks) {
        dropped = kernel;
        sinkDropped = sinks;
    }

    /** Per stream, in manifest order; any thread. */
    public List<Tally> list() {
        List<Tally> out = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            out.add(new Tally(maps.get(i), events.get(i), shortRecords.get(i), drops.get(i)));
        }
        return out;
    }

    /** Records the kernel dropped, as last read; any thread. */
    public long dropped() {
        return dropped;
    }

    /** Events the sinks could not deliver, as last read; any thread. */
    public long sinkDropped() {
        return sinkDropped;
    }
}
