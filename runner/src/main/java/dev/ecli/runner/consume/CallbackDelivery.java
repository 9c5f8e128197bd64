package dev.ecli.runner.consume;

import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.Native;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.MemorySegment;

/**
 * What the readers over libbpf's callback APIs ({@code ring_buffer__poll},
 * {@code perf_buffer__poll}) share: the handler of the poll in progress, and a failure caught
 * in an upcall, kept to be thrown once the poll is back in Java (a throw into C would end the
 * JVM). Not thread-safe: one consumer.
 */
final class CallbackDelivery {
    /** One call of a libbpf poll function: its return value (a count, or -errno). */
    @FunctionalInterface
    interface PollCall {
        int poll() throws Throwable;
    }

    private RecordHandler current;
    private Throwable failure;

    /** Whether an upcall of this poll has failed: later records are not delivered. */
    boolean failed() {
        return failure != null;
    }

    /** Keeps {@code t} for {@link #poll} to throw. */
    void fail(Throwable t) {
        failure = t;
    }

    /** Hands the {@code size} bytes at {@code data} to the poll's handler, from an upcall; true when it took them. */
    boolean deliver(MemorySegment data, long size) {
        try {
            current.onRecord(data.reinterpret(size));
            return true;
        } catch (Throwable t) {
            failure = t;
            return false;
        }
    }

    /**
     * Runs {@code call} with {@code handler} receiving its records, then throws what an
     * upcall caught.
     * @param function the libbpf function's name, for messages
     * @return the call's result; 0 when a signal interrupted it
     */
    int poll(String function, RecordHandler handler, PollCall call) throws SysException {
        current = handler;
        int n;
        try {
            n = call.poll();
        } catch (Throwable t) {
            throw Native.unchecked(t);
        } finally {
            current = null;
        }
        if (failure != null) {
            Throwable f = failure;
            failure = null;
            throw Native.unchecked(f);
        }
        if (n < 0 && -n != Libc.EINTR) {
            throw new SysException(function + ": " + Libc.strerror(-n), -n);
        }
        return Math.max(n, 0);
    }
}
