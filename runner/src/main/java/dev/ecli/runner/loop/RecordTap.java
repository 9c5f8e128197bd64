package dev.ecli.runner.loop;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Sees every record a run reads, raw, before it is checked, filtered or decoded (e.g. to
 * record it), and the drop counters when they grow. Called on the loop's thread.
 */
public interface RecordTap {
    /** One record of stream {@code stream}, valid only during the call. */
    void record(int stream, MemorySegment record) throws IOException;

    /** Stream {@code stream}'s drop totals have grown: records the kernel dropped and samples it lost. */
    void drops(int stream, long dropped, long lost) throws IOException;

    /** The loop has drained every ready source: what the tap holds should go out now. */
    void flush() throws IOException;
}
