package dev.ecli.runner.sink;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.Sink;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** Hands every event to several sinks in turn: stdout's output and the {@code --sink}s. */
public final class TeeSink implements Sink {
    private final List<Sink> sinks;

    /** @param sinks where events go, in this order */
    public TeeSink(List<Sink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void begin() throws IOException {
        for (Sink s : sinks) {
            s.begin();
        }
    }

    @Override
    public void event(EventStream stream, MemorySegment record) throws IOException {
        for (Sink s : sinks) {
            s.event(stream, record);
        }
    }

    @Override
    public void flush() throws IOException {
        for (Sink s : sinks) {
            s.flush();
        }
    }

    /** The sum over every sink. */
    @Override
    public long dropped() {
        long n = 0;
        for (Sink s : sinks) {
            n += s.dropped();
        }
        return n;
    }

    /** Closes every sink, even when one fails; the first failure is thrown. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
