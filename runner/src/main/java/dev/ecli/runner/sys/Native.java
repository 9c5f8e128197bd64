package dev.ecli.runner.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Shared FFM plumbing: the linker, downcall creation (optionally capturing errno), the errno
 * of the last captured call, and C strings. Thread-safe: the errno state is per thread.
 */
public final class Native {
    /** The native linker. */
    public static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** One small buffer per thread, never freed: threads that call into C are few. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    private Native() {}

    /** A downcall to {@code name} in {@code lookup}; fails fast when the symbol is missing. */
    public static MethodHandle downcall(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(lookup, name), fd);
    }

    /**
     * A downcall whose first argument must be {@link #callState()}: errno is captured into it
     * right after the call (before the JVM can clobber it) and read back with {@link #errno()}.
     */
    public static MethodHandle downcallErrno(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(lookup, name), fd, CAPTURE_ERRNO);
    }

    /** A downcall to the function at {@code symbol}. */
    public static MethodHandle downcall(MemorySegment symbol, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol, fd);
    }

    /** As {@link #downcallErrno(SymbolLookup, String, FunctionDescriptor)}, for the function at {@code symbol}. */
    public static MethodHandle downcallErrno(MemorySegment symbol, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol, fd, CAPTURE_ERRNO);
    }

    /** The address of {@code name} in {@code lookup}; fails fast when the symbol is missing. */
    public static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("native symbol " + name + " not found"));
    }

    /** This thread's call-state buffer, passed first to errno-capturing downcalls. */
    public static MemorySegment callState() {
        return STATE.get();
    }

    /** The errno captured by this thread's last errno-capturing call. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** libc: the default lookup. */
    public static SymbolLookup libc() {
        return LINKER.defaultLookup();
    }

    /**
     * The NUL-terminated UTF-8 string at {@code p}, or null for NULL. Reads at most {@code max}
     * bytes (and never past a sized segment's end), so a missing terminator cannot run off into
     * unrelated memory. A raw pointer (a zero-length segment from C) is trusted for {@code max}.
     */
    public static String string(MemorySegment p, int max) {
        if (p.equals(MemorySegment.NULL)) {
            return null;
        }
        MemorySegment s = p.byteSize() == 0 ? p.reinterpret(max) : p;
        long limit = Math.min(s.byteSize(), max);
        int n = 0;
        while (n < limit && s.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /**
     * What to throw for a Throwable from {@code invokeExact}: downcalls throw no checked
     * exceptions, so this is a RuntimeException or Error passed on as it is.
     */
    public static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
