package dev.ecli.runner.loop;

import dev.ecli.runner.startup.StartupTrace;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.sys.EventFd;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.Sys;
import dev.ecli.runner.sys.SysException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Consumes a run's sources into a sink until stopped. One {@code epoll_wait} covers every
 * source, the stop signal's wake-up and the output; after it every ready source is drained
 * (round-robin, a buffer's worth each turn) and the sink is flushed once all are empty. The
 * wait's timeout is the nearest timer: a sampled map due, the drop check, {@code --duration}.
 * Not thread-safe: one run on one thread; {@link StopSignal#stop} may come from any thread.
 */
public final class RunLoop {
    /** How often drop counters are read. */
    static final long DROP_CHECK_NANOS = 1_000_000_000L;
    /**
     * After a wake-up that found records, how long to let more gather before waiting again,
     * once the sink is flushed (so it never delays what was read). The kernel wakes a consumer
     * that has caught up on the very next record: without this pause a steady stream costs a
     * wake-up (a context switch) per record, more than the record costs to write.
     */
    static final long BATCH_PAUSE_NANOS = 200_000;
    /**
     * How long the sources are still read once a stop comes: the programs are still attached, so
     * a source fed faster than it is read would never be empty.
     */
    static final long FINAL_DRAIN_NANOS = 2_000_000_000L;
    private static final long WAKE = -1, OUTPUT = -2;
    private static final long EPOLL_DATA = Libc.EPOLL_EVENT.byteOffset(MemoryLayout.PathElement.groupElement("data"));

    private final List<Source> sources;
    private final Sampling sampling;
    private final Tallies tallies;
    private final Warnings warnings;
    private final RecordTap tap;

    /**
     * @param sources  the exported maps' readers, each with an epoll-able {@code fd()}
     * @param sampling the sampled maps' prints ({@link Sampling#NONE}: none)
     * @param tallies  where per-stream counts go (sized for {@code sources})
     */
    public RunLoop(List<Source> sources, Sampling sampling, Tallies tallies, Warnings warnings) {
        this(sources, sampling, tallies, warnings, null);
    }

    /**
     * A loop that hands every record, raw, to {@code tap} too, before checks and filters, and
     * tells it of grown drop counts; {@code tap} null: none.
     */
    public RunLoop(List<Source> sources, Sampling sampling, Tallies tallies, Warnings warnings, RecordTap tap) {
        this.sources = List.copyOf(sources);
        this.sampling = sampling;
        this.tallies = tallies;
        this.warnings = warnings;
        this.tap = tap;
    }

    /**
     * Runs until {@code stop} is set, {@code maxEvents} records were written ({@code <= 0}: no
     * limit), {@code durationNanos} passed ({@code <= 0}: no limit) or {@code outputFd}'s reader
     * went away. What the sources hold when a stop comes is still written, except after
     * {@code --max-events} or a closed output; the sampled maps are printed once more at the end.
     *
     * @param outputFd the descriptor the sink writes to, watched for a closed pipe; -1: none
     * @throws IOException  when writing fails for another reason than a closed output
     * @throws SysException when waiting fails
     * @throws BpfException when reading a drop counter or a sampled map fails
     */
    public RunStats run(Sink sink, StopSignal stop, long maxEvents, long durationNanos, int outputFd)
            throws IOException, SysException, BpfException {
        long start = System.nanoTime();
        Delivery counter = new Delivery(sink, maxEvents, stop, tallies, warnings, tap);
        DropWatch drops = new DropWatch(sources, tallies, warnings, tap);
        try (EventFd wake = new EventFd(); Arena arena = Arena.ofConfined()) {
            int ep = Libc.epollCreate();
            try {
                watch(ep, wake, outputFd);
                stop.onStop(wake::signal);
                int room = sources.size() + 2;
                MemorySegment events = arena.allocate(Libc.EPOLL_EVENT, room);
                boolean[] ready = new boolean[sources.size()];
                long deadline = durationNanos > 0 ? start + durationNanos : 0;
                long nextDropCheck = start + DROP_CHECK_NANOS;
                // What came before the sources joined the set (a perf buffer's readiness may
                // have been spent by then) is read before the first wait.
                java.util.Arrays.fill(ready, true);
                sink.begin();
                try {
                    boolean streaming = false, dirty = false;
                    while (!stop.stopped()) {
                        long now = System.nanoTime();
                        if (deadline != 0 && now - deadline >= 0) {
                            stop.stop(StopReason.DURATION);
                            break;
                        }
                        if (now - nextDropCheck >= 0) {
                            nextDropCheck = now + DROP_CHECK_NANOS;
                            drops.check(sink);
                        }
                        if (sampling.untilDue(now) <= 0) {
                            flush(sink);
                            sampling.print(now, false);
                            if (sampling.finished()) {
                                stop.stop(StopReason.COUNT);
                                break;
                            }
                        }
                        long until = Math.min(nextDropCheck - now, sampling.untilDue(now));
                        if (deadline != 0) {
                            until = Math.min(until, deadline - now);
                        }
                        long timerAt = now + until;
                        int n;
                        if (dirty || anyReady(ready)) {
                            // Written since the last flush, or sources left full: flush only once
                            // nothing more is ready.
                            n = Libc.epollWait(ep, events, room, 0);
                            if (n == 0 && !anyReady(ready)) {
                                flush(sink);
                                dirty = false;
                                continue;
                            }
                        } else {
                            if (streaming) {
                                pause();
                            }
                            n = Libc.epollWait(ep, events, room, millis(until));
                        }
                        for (int j = 0; j < n; j++) {
                            long tag = events.get(ValueLayout.JAVA_LONG_UNALIGNED, j * Libc.EPOLL_EVENT.byteSize()
                                    + EPOLL_DATA);
                            if (tag >= 0 && tag < ready.length) {
                                ready[(int) tag] = true;
                            } else if (tag == OUTPUT) {
                                stop.stop(StopReason.OUTPUT_CLOSED);
                            } else if (tag == WAKE) {
                                wake.clear();
                            }
                        }
                        long before = counter.events() + counter.shortRecords();
                        drain(ready, counter, timerAt, stop);
                        streaming = counter.events() + counter.shortRecords() > before;
                        dirty |= streaming;
                    }
                    if (stop.reason() != StopReason.OUTPUT_CLOSED && !counter.full()) {
                        finalDrain(ready, counter, stop);
                    }
                    if (stop.reason() != StopReason.OUTPUT_CLOSED) {
                        flush(sink);
                        sampling.print(System.nanoTime(), true);
                    }
                    flush(sink);
                } catch (IOException e) {
                    if (outputFd < 0 || !Sys.outputClosed(outputFd)) {
                        throw e;
                    }
                    stop.stop(StopReason.OUTPUT_CLOSED);
                }
            } finally {
                stop.onStop(null);
                Libc.close(ep);
            }
        }
        long dropped = drops.check(sink);
        return new RunStats(counter.events(), counter.shortRecords(), dropped, (System.nanoTime() - start) / 1e9,
                stop.reason(), tallies.sinkDropped(), counter.filtered(), sampling.prints(), !sources.isEmpty());
    }

    /** The tap's gathered records go out before the sink's, so a recording never lags the output. */
    private void flush(Sink sink) throws IOException {
        if (tap != null) {
            tap.flush();
        }
        sink.flush();
        if (StartupTrace.on() && tallies.list().stream().anyMatch(t -> t.events() > 0)) {
            StartupTrace.last("first event written");
        }
    }

    /** Adds every source, the wake-up and the output (when epoll can watch it) to the set. */
    private void watch(int ep, EventFd wake, int outputFd) throws SysException {
        for (int i = 0; i < sources.size(); i++) {
            Libc.epollAdd(ep, sources.get(i).source().fd(), Libc.EPOLLIN, i);
        }
        Libc.epollAdd(ep, wake.fd(), Libc.EPOLLIN, WAKE);
        if (outputFd >= 0) {
            try {
                // No events asked: epoll reports EPOLLERR when a pipe's reader has gone.
                Libc.epollAdd(ep, outputFd, 0, OUTPUT);
            } catch (SysException e) {
                // A regular file or /dev/null: epoll cannot watch it, and it never closes.
            }
        }
    }

    /**
     * Reads what the sources hold at a stop, for at most {@link #FINAL_DRAIN_NANOS}, and not at
     * all once the stop is {@linkplain StopSignal#hurried hurried}; says so when records were
     * left unread.
     */
    private void finalDrain(boolean[] ready, Delivery counter, StopSignal stop) throws IOException, SysException {
        java.util.Arrays.fill(ready, true);
        long start = System.nanoTime();
        while (anyReady(ready) && !counter.full()) {
            long now = System.nanoTime();
            if (stop.hurried() || now - start >= FINAL_DRAIN_NANOS) {
                warnings.warn((stop.hurried() ? "stopped at once" : String.format(java.util.Locale.ROOT,
                        "stopped reading after %.0f s", FINAL_DRAIN_NANOS / 1e9))
                        + ": records still arriving were left unread; what was read is written");
                return;
            }
            drain(ready, counter, Math.min(start + FINAL_DRAIN_NANOS, now + 50_000_000L), stop);
        }
    }

    /**
     * Polls the ready sources in turn until each is empty, the sink is full ({@code --max-events})
     * or {@code timerAt} passes under a flood (the caller's timers then run; the sources stay
     * ready in epoll), or the stop is hurried.
     */
    private void drain(boolean[] ready, Delivery counter, long timerAt, StopSignal stop)
            throws IOException, SysException {
        boolean any = true;
        while (any && !counter.full() && !stop.hurried()) {
            any = false;
            for (int i = 0; i < ready.length; i++) {
                if (!ready[i]) {
                    continue;
                }
                Source s = sources.get(i);
                counter.select(i, s.stream());
                int got = s.source().poll(0, counter);
                counter.rethrow();
                if (got == 0) {
                    ready[i] = false;
                } else {
                    any = true;
                }
            }
            if (any && System.nanoTime() - timerAt >= 0) {
                return;
            }
        }
    }

    private static boolean anyReady(boolean[] ready) {
        for (boolean r : ready) {
            if (r) {
                return true;
            }
        }
        return false;
    }

    /** Nanoseconds to a whole number of milliseconds for epoll, rounded up; -1 for "no timer". */
    static int millis(long nanos) {
        if (nanos >= Long.MAX_VALUE / 4) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (nanos + 999_999) / 1_000_000));
    }

    private static void pause() {
        try {
            Thread.sleep(0, (int) BATCH_PAUSE_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
