package dev.ecli.runner.consume;

import dev.ecli.runner.libbpf.LibBpf;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.Native;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What the readers over libbpf's callback APIs ({@code ring_buffer__poll},
 * {@code perf_buffer__poll}) share: the arena of their upcall stubs and the life of libbpf's
 * object (made, polled, freed once), the handler of the poll in progress, and a failure caught
 * in an upcall, kept to be thrown once the poll is back in Java (a throw into C would end the
 * JVM). Not thread-safe: one consumer.
 */
final class CallbackDelivery {
    /** libbpf's constructor call ({@code ring_buffer__new}, {@code perf_buffer__new}): NULL on failure, with errno. */
    @FunctionalInterface
    interface NewCall {
        MemorySegment make(Arena stubs) throws Throwable;
    }

    /** One call of a libbpf poll function on the object: its return value (a count, or -errno). */
    @FunctionalInterface
    interface PollCall {
        int poll(MemorySegment object) throws Throwable;
    }

    private final Arena arena = Arena.ofShared();
    private final String what;
    private MemorySegment object;
    private RecordHandler current;
    private Throwable failure;

    /** @param what the reader, for messages ("ring buffer reader of MAP") */
    CallbackDelivery(String what) {
        this.what = what;
    }

    /**
     * Makes libbpf's object by {@code call}, its upcall stubs allocated in {@code stubs}; on
     * any failure frees the stubs. {@link #poll} and {@link #close} then work on it.
     * @param function the libbpf function's name, for messages
     */
    void open(String function, NewCall call) throws SysException {
        try {
            MemorySegment made = call.make(arena);
            if (made.equals(MemorySegment.NULL)) {
                int errno = Native.errno();
                throw new SysException(function + ": " + Libc.strerror(errno), errno);
            }
            object = made;
        } catch (SysException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw Native.unchecked(t);
        }
    }

    /** Frees libbpf's object by {@code free} ({@code void f(obj *)}), then the stubs; idempotent. */
    void close(LibBpf.Fn free) {
        if (object == null) {
            return;
        }
        MemorySegment o = object;
        object = null;
        try {
            free.call(Native.ptr(o));
        } finally {
            arena.close();
        }
    }

    /** The epoll fd of libbpf's object, by {@code fn} ({@code int f(obj *)}). */
    int epollFd(LibBpf.Fn fn) {
        if (object == null) {
            throw new IllegalStateException(what + " is closed");
        }
        return (int) fn.call(Native.ptr(object));
    }

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
        if (object == null) {
            throw new IllegalStateException(what + " is closed");
        }
        current = handler;
        int n;
        try {
            n = call.poll(object);
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
