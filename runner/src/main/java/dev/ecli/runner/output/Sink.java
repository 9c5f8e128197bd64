package dev.ecli.runner.output;

import dev.ecli.runner.stream.EventStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Receives events and writes them out. Not thread-safe: one consumer thread calls it.
 * Implementations buffer; {@link #flush()} is called when the consumer goes idle, and
 * {@link #close()} flushes a last time. An {@link IOException} (e.g. a closed pipe) ends the run.
 */
public interface Sink extends AutoCloseable {
    /** Called once before the first event. */
    default void begin() throws IOException {}

    /**
     * Writes one record of {@code stream}. The record holds at least the plan's size and is
     * only valid during the call.
     */
    void event(EventStream stream, MemorySegment record) throws IOException;

    /**
     * Events this sink accepted but could not deliver (a full queue while its destination is
     * unreachable, a rejected record). Zero for local outputs, which fail the run instead.
     * Read from any thread; final once {@link #close()} has returned.
     */
    default long dropped() {
        return 0;
    }

    /** Writes out what is buffered. */
    void flush() throws IOException;

    /** Flushes and releases the output. */
    @Override
    void close() throws IOException;
}
