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

/**
 * Shared FFM plumbing: the linker, downcall creation (optionally capturing errno), and the
 * errno of the last captured call. Thread-safe: the errno state is per call, per thread.
 */
public final class Native {
    /** The native linker. */
    public static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    private Native() {}

    /** A downcall to {@code name} in {@code lookup}; fails fast when the symbol is missing. */
    public static MethodHandle downcall(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment sym = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("native symbol " + name + " not found"));
        return LINKER.downcallHandle(sym, fd);
    }

    /**
     * A downcall whose first argument must be {@link #callState()}: errno is captured into it
     * and read back with {@link #errno()}.
     */
    public static MethodHandle downcallErrno(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment sym = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("native symbol " + name + " not found"));
        return LINKER.downcallHandle(sym, fd, CAPTURE_ERRNO);
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

    /** A NUL-terminated C string at {@code p}, or null for NULL; at most {@code max} bytes are read. */
    public static String string(MemorySegment p, int max) {
        if (p.equals(MemorySegment.NULL)) {
            return null;
        }
        MemorySegment s = p.reinterpret(max);
        int n = 0;
        while (n < max && s.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
    }
}
