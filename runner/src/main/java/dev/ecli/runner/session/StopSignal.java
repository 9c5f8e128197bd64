package dev.ecli.runner.session;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why a run should stop, set from any thread (a signal handler, a timer) and polled by the
 * consumer loop between polls. The first reason wins.
 */
public final class StopSignal {
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Asks the run to stop; later calls keep the first reason. */
    public void stop(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean stopped() {
        return reason.get() != null;
    }

    /** The first reason given, or null. */
    public String reason() {
        return reason.get();
    }
}
