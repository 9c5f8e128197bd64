package dev.ecli.runner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.sys.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run loop over fake sources (an eventfd each, readable while records wait): no BPF, no
 * root. What reaches the sink, in which order, when it is flushed, and why the loop stops.
 */
class RunLoopTest {
    private static final EventStream A = stream("a"), B = stream("b");
    private final List<FakeSource> opened = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final StopSignal stop = new StopSignal();
    private final RecordingSink sink = new RecordingSink();

    private static EventStream stream(String map) {
        String prop = System.getProperty("ecli.repoRoot");
        Path root = prop != null ? Path.of(prop) : Path.of("..");
        try {
            Btf btf = Btf.fromElf(ElfFile.read(root.resolve("packages/exitsnoop/exitsnoop.bpf.o")));
            return new EventStream(map, DecodePlan.compile(btf, "event"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A record of exitsnoop's struct event whose pid is {@code pid}. */
    private static byte[] record(int pid) {
        return ByteBuffer.allocate((int) A.plan().size()).order(ByteOrder.nativeOrder()).putInt(0, pid).array();
    }

    private FakeSource source(int batch) throws Exception {
        FakeSource s = new FakeSource(batch);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeSources() {
        opened.forEach(FakeSource::close);
    }

    private RunLoop loop(Sampling sampling, Source... sources) {
        return new RunLoop(List.of(sources), sampling, new Tallies(List.of(sources).stream()
                .map(s -> s.stream().map()).toList()), Warnings.collecting(warnings));
    }

    private CompletableFuture<RunStats> start(RunLoop loop, long max, long durationNanos, int outputFd) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return loop.run(sink, stop, max, durationNanos, outputFd);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** Waits (functionally: generous, not a timing claim) until {@code done} holds. */
    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void anEventInEitherSourceIsWrittenAndFlushedWhileTheOtherIsIdle() throws Exception {
        FakeSource a = source(64), b = source(64);
        CompletableFuture<RunStats> run = start(loop(Sampling.NONE, new Source(A, a, null), new Source(B, b, null)),
                0, 0, -1);
        b.push(record(1));
        await(() -> sink.snapshot().equals(List.of("b:1", "flush")), "b's event flushed: " + sink.snapshot());
        a.push(record(2));
        await(() -> sink.snapshot().equals(List.of("b:1", "flush", "a:2", "flush")), "a's: " + sink.snapshot());
        stop.stop(StopReason.INTERRUPT);
        RunStats stats = run.get(10, TimeUnit.SECONDS);
        assertEquals(StopReason.INTERRUPT, stats.reason());
        assertEquals(2, stats.events());
    }

    @Test
    void everyReadySourceIsDrainedInTurnThenTheSinkIsFlushedOnce() throws Exception {
        FakeSource a = source(2), b = source(2);
        for (int i = 1; i <= 5; i++) {
            a.push(record(i));
            b.push(record(10 + i));
        }
        // Stopped before it starts: the loop's last drain takes what the sources hold.
        stop.stop(StopReason.TERMINATED);
        RunStats stats = loop(Sampling.NONE, new Source(A, a, null), new Source(B, b, null)).run(sink, stop, 0, 0, -1);
        assertEquals(List.of("a:1", "a:2", "b:11", "b:12", "a:3", "a:4", "b:13", "b:14", "a:5", "b:15", "flush"),
                sink.snapshot());
        assertEquals(StopReason.TERMINATED, stats.reason());
        assertEquals(10, stats.events());
    }

    @Test
    void recordsWaitingWhenTheWaitEndsAreAllWrittenBeforeOneFlush() throws Exception {
        FakeSource a = source(3), b = source(3);
        sink.onEvent = e -> {
            if (e.equals("a:1")) {
                // More arrive on both while the loop is writing: they belong to the same drain.
                for (int i = 2; i <= 4; i++) {
                    a.push(record(i));
                }
                b.push(record(9));
            }
        };
        CompletableFuture<RunStats> run = start(loop(Sampling.NONE, new Source(A, a, null), new Source(B, b, null)),
                0, 0, -1);
        a.push(record(1));
        await(() -> sink.snapshot().contains("flush"), "a flush");
        stop.stop(StopReason.INTERRUPT);
        run.get(10, TimeUnit.SECONDS);
        List<String> log = sink.snapshot();
        assertEquals("flush", log.get(5), log.toString());
        assertEquals(List.of("a:1", "a:2", "a:3", "a:4"), log.stream().filter(s -> s.startsWith("a:")).toList());
        assertTrue(log.subList(0, 5).contains("b:9"), log.toString());
    }

    @Test
    void theFinalDrainOfASourceThatNeverEmptiesIsBounded() throws Exception {
        FakeSource a = source(64);
        // Each event brings another, as a program still attached at a stop can.
        sink.onEvent = e -> {
            a.push(record(7));
            sleepMillis(1);
        };
        a.push(record(1));
        stop.stop(StopReason.TERMINATED);
        RunStats stats = start(loop(Sampling.NONE, new Source(A, a, null)), 0, 0, -1).get(60, TimeUnit.SECONDS);
        assertEquals(StopReason.TERMINATED, stats.reason());
        assertTrue(stats.events() > 1, stats.toString());
        assertEquals("flush", sink.snapshot().getLast());
        assertEquals(List.of("stopped reading after 2 s: records still arriving were left unread; what was read is"
                + " written"), warnings);
    }

    @Test
    void aHurriedStopWritesWhatWasReadAndLeavesTheRest() throws Exception {
        FakeSource a = source(64);
        AtomicInteger seen = new AtomicInteger();
        sink.onEvent = e -> {
            a.push(record(7));
            if (seen.incrementAndGet() == 5) {
                stop.hurry(); // a second Ctrl-C
            }
        };
        a.push(record(1));
        stop.stop(StopReason.INTERRUPT);
        RunStats stats = start(loop(Sampling.NONE, new Source(A, a, null)), 0, 0, -1).get(60, TimeUnit.SECONDS);
        assertEquals(StopReason.INTERRUPT, stats.reason());
        assertTrue(stats.events() >= 5 && stats.events() < 1000, stats.toString());
        assertEquals("flush", sink.snapshot().getLast());
        assertEquals(List.of("stopped at once: records still arriving were left unread; what was read is written"),
                warnings);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void maxEventsStopsAndTheRestIsNotWritten() throws Exception {
        FakeSource a = source(64);
        for (int i = 1; i <= 10; i++) {
            a.push(record(i));
        }
        RunStats stats = loop(Sampling.NONE, new Source(A, a, null)).run(sink, stop, 3, 0, -1);
        assertEquals(StopReason.MAX_EVENTS, stats.reason());
        assertEquals(List.of("a:1", "a:2", "a:3", "flush"), sink.snapshot());
        assertEquals(3, stats.events());
    }

    @Test
    void durationEndsAnIdleRun() throws Exception {
        FakeSource a = source(64);
        RunStats stats = loop(Sampling.NONE, new Source(A, a, null)).run(sink, stop, 0, 50_000_000L, -1);
        assertEquals(StopReason.DURATION, stats.reason());
        assertEquals(0, stats.events());
    }

    @Test
    void aClosedPipeEndsAnIdleRunQuietly() throws Exception {
        int[] pipe = Libc.pipe();
        try {
            FakeSource a = source(64);
            CompletableFuture<RunStats> run = start(loop(Sampling.NONE, new Source(A, a, null)), 0, 0, pipe[1]);
            Libc.close(pipe[0]);
            pipe[0] = -1;
            RunStats stats = run.get(10, TimeUnit.SECONDS);
            assertEquals(StopReason.OUTPUT_CLOSED, stats.reason());
        } finally {
            if (pipe[0] >= 0) {
                Libc.close(pipe[0]);
            }
            Libc.close(pipe[1]);
        }
    }

    @Test
    void aWriteFailingOnAClosedPipeIsAStopAndOnAnOpenOneAnError() throws Exception {
        int[] pipe = Libc.pipe();
        try {
            FakeSource a = source(64);
            a.push(record(1));
            a.push(record(2));
            sink.failAfter = 1;
            // Open pipe: a write error is the run's failure.
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> start(loop(Sampling.NONE, new Source(A, a, null)), 0, 0, pipe[1]).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, e.toString());

            Libc.close(pipe[0]);
            pipe[0] = -1;
            a.push(record(3));
            RunStats stats = loop(Sampling.NONE, new Source(A, a, null)).run(sink, new StopSignal(), 0, 0, pipe[1]);
            assertEquals(StopReason.OUTPUT_CLOSED, stats.reason());
        } finally {
            if (pipe[0] >= 0) {
                Libc.close(pipe[0]);
            }
            Libc.close(pipe[1]);
        }
    }

    @Test
    void dropsAndShortRecordsAreCountedAndWarnedOnce() throws Exception {
        FakeSource a = source(64);
        a.lose(3);
        a.push(new byte[4]);
        a.push(new byte[4]);
        a.push(record(5));
        stop.stop(StopReason.INTERRUPT);
        RunStats stats = loop(Sampling.NONE, new Source(A, a, () -> 4)).run(sink, stop, 0, 0, -1);
        assertEquals(7, stats.dropped());
        assertEquals(2, stats.shortRecords());
        assertEquals(1, stats.events());
        assertEquals(List.of("map a: record of 4 bytes is shorter than struct event (" + A.plan().size()
                        + " bytes); skipping such records",
                "map a: 3 samples lost by the kernel (perf buffer full), 3 in all",
                "map a: 4 records dropped by the kernel (ring buffer full), 4 in all"), warnings);
    }

    @Test
    void sampledMapsPrintOnTheirIntervalWhileIdleAndOnceMoreAtTheEnd() throws Exception {
        AtomicInteger periodic = new AtomicInteger(), last = new AtomicInteger();
        long interval = 20_000_000L;
        Sampling every20ms = new Sampling() {
            long next = System.nanoTime() + interval;

            @Override
            public long untilDue(long now) {
                return Math.max(0, next - now);
            }

            @Override
            public void print(long now, boolean all) {
                if (all) {
                    last.incrementAndGet();
                } else if (now - next >= 0) {
                    periodic.incrementAndGet();
                    next = now + interval;
                }
            }
        };
        FakeSource a = source(64);
        CompletableFuture<RunStats> run = start(loop(every20ms, new Source(A, a, null)), 0, 0, -1);
        await(() -> periodic.get() >= 3, "three prints of an idle run");
        stop.stop(StopReason.INTERRUPT);
        run.get(10, TimeUnit.SECONDS);
        assertEquals(1, last.get());
    }
}
