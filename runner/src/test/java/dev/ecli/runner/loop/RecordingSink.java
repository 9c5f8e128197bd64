package dev.ecli.runner.loop;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.Sink;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes down what reaches it: {@code MAP:PID} per event (the first int of the record) and
 * {@code flush} per flush that had events since the last one. Optionally fails like a
 * closed pipe after {@code failAfter} events.
 */
final class RecordingSink implements Sink {
    final List<String> log = new ArrayList<>();
    private int pending;
    long failAfter = Long.MAX_VALUE;
    /** Called with each event's entry, on the loop's thread. */
    java.util.function.Consumer<String> onEvent = e -> { };
    boolean closed;

    @Override
    public synchronized void event(EventStream stream, MemorySegment record) throws IOException {
        if (events() >= failAfter) {
            throw new IOException("write failed");
        }
        String e = stream.map() + ":" + record.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        log.add(e);
        pending++;
        onEvent.accept(e);
    }

    @Override
    public synchronized void flush() {
        if (pending > 0) {
            log.add("flush");
            pending = 0;
        }
    }

    synchronized long events() {
        return log.stream().filter(s -> !s.equals("flush")).count();
    }

    synchronized List<String> snapshot() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        closed = true;
    }
}
