package dev.ecli.runner.consume;

import java.lang.foreign.MemorySegment;

/** Receives raw records. The segment aliases ring memory: valid only during the call. */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(MemorySegment record);
}
