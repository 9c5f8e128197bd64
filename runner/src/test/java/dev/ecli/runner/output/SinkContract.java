package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every local sink (table, JSON, YAML) promises the run loop: what is written is out after
 * {@link Sink#flush}, at once when it flushes per event, in order and whole; close flushes; a
 * failing output fails the call (the loop decides whether it was a closed pipe); local sinks
 * drop nothing. Each sink's test says how to make one and how to find an event's pid in its
 * text. Records are exitsnoop's struct event, so no kernel is needed.
 */
abstract class SinkContract {
    static final EventStream EVENTS = stream();

    private static EventStream stream() {
        try {
            Btf btf = Btf.fromElf(ElfFile.read(JsonLineTest.root().resolve("packages/exitsnoop/exitsnoop.bpf.o")));
            return new EventStream("rb", DecodePlan.compile(btf, "event"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A sink over {@code out} for {@link #EVENTS}. */
    abstract Sink newSink(OutputStream out, boolean flushEachEvent);

    /** The pids of the events in {@code text}, in order. */
    abstract List<Long> pids(String text);

    private final Arena arena = Arena.ofAuto();

    /** A record with {@code pid} and comm "proc-PID". */
    MemorySegment record(int pid) {
        MemorySegment r = arena.allocate(EVENTS.plan().size(), 8);
        r.set(ValueLayout.JAVA_INT, 0, pid);
        byte[] comm = ("proc-" + pid).getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(comm, 0, r, ValueLayout.JAVA_BYTE, 24, Math.min(comm.length, 15));
        return r;
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whatIsWrittenIsOutAfterFlushInOrderAndWhole() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sink sink = newSink(out, false);
        sink.begin();
        for (int pid = 1; pid <= 3; pid++) {
            sink.event(EVENTS, record(pid));
        }
        sink.flush();
        assertEquals(List.of(1L, 2L, 3L), pids(text(out)));
        assertTrue(text(out).endsWith("\n"), "ends with a whole line");
        assertTrue(text(out).contains("proc-2"), text(out));
        sink.close();
    }

    @Test
    void aSinkThatFlushesPerEventNeedsNoFlush() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sink sink = newSink(out, true);
        sink.begin();
        sink.event(EVENTS, record(77));
        assertEquals(List.of(77L), pids(text(out)));
        sink.event(EVENTS, record(78));
        assertEquals(List.of(77L, 78L), pids(text(out)));
    }

    @Test
    void closeFlushes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sink sink = newSink(out, false);
        sink.begin();
        sink.event(EVENTS, record(5));
        sink.close();
        assertEquals(List.of(5L), pids(text(out)));
    }

    @Test
    void manyEventsArriveOnceEachInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sink sink = newSink(out, false);
        sink.begin();
        int n = 20_000;
        for (int pid = 1; pid <= n; pid++) {
            sink.event(EVENTS, record(pid));
        }
        sink.flush();
        List<Long> pids = pids(text(out));
        assertEquals(n, pids.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, pids.get(i));
        }
        assertEquals(0, sink.dropped());
    }

    @Test
    void aFailingOutputFailsTheCallThatWrites() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("gone");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("gone");
            }
        };
        Sink sink = newSink(broken, false);
        assertThrows(IOException.class, () -> {
            sink.begin();
            sink.event(EVENTS, record(1));
            sink.flush();
        });
    }
}
