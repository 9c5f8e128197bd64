package dev.ecli.runner.consume;

import java.lang.foreign.MemorySegment;

/** Receives raw records from a {@link RecordSource}. */
@FunctionalInterface
public interface RecordHandler {
    /**
     * One record's bytes, exactly as the BPF program wrote them (native byte order, no
     * alignment promised beyond 8). The segment aliases the buffer: it is valid only during
     * the call, so copy what must outlive it.
     */
    void onRecord(MemorySegment record);
}
