package dev.ecli.runner.loop;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why a run should stop, set from any thread (a signal handler, the run loop itself) and
 * read by the run loop. The first reason wins. A loop that sleeps in the kernel registers a
 * {@link #onStop wake-up} so that a stop ends its wait at once.
 */
public final class StopSignal {
    private final AtomicReference<StopReason> reason = new AtomicReference<>();
    private volatile Runnable wake = () -> { };
    private volatile boolean hurried;

    /** Asks the run to stop; later calls keep the first reason. Wakes the loop. */
    public void stop(StopReason why) {
        if (reason.compareAndSet(null, why)) {
            wake.run();
        }
    }

    /**
     * Asks a run that is stopping to stop now (a second Ctrl-C): what the buffers still hold is
     * left unread, and what was decoded is still written. Also stops a run not yet stopping.
     */
    public void hurry() {
        hurried = true;
        if (reason.compareAndSet(null, StopReason.INTERRUPT)) {
            wake.run();
        }
    }

    /** Whether {@link #hurry} was called. */
    public boolean hurried() {
        return hurried;
    }

    public boolean stopped() {
        return reason.get() != null;
    }

    /** The first reason given, or null. */
    public StopReason reason() {
        return reason.get();
    }

    /** Runs {@code r} (on the stopping thread) when a stop is asked; it must not block. */
    public void onStop(Runnable r) {
        wake = r == null ? () -> { } : r;
        if (stopped()) {
            wake.run();
        }
    }
}
