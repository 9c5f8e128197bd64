package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
 * Shared FFM plumbing: calls into C, the errno of the last errno-capturing call, and C strings.
 * Thread-safe: the errno state is per thread.
 *
 * <p>Every downcall goes through one of two generic handles, {@code long f(long x6)} plain
 * and errno-capturing, made once with no bound target. Why: in a cold JVM (even with an AOT
 * cache) the linker generates a stub per distinct {@link FunctionDescriptor}; 32 distinct
 * shapes cost about 83 ms, 32 handles of one shape 12-20 ms, and adapting handles back to typed
 * ones with combinators nearly as much (70 ms); {@code run} paid 40-70 ms of CPU for this.
 *
 * <p>Why it is correct: on x86-64 SysV and AArch64 (Linux) every integer and pointer argument
 * of the first six (eight on AArch64) goes in a general register, and the result comes back in
 * rax/x0, so a C function taking fewer or narrower ({@code int}, {@code bool},
 * {@code size_t}, pointer) arguments is called exactly as if typed: the extra arguments are
 * ignored; ints are passed sign-extended, bools as 0/1, pointers as {@link #ptr}. Results are
 * narrowed by the caller: {@code (int) r}, {@code (r & 0xff) != 0} for bool,
 * {@link #pointer} for a pointer. Not for variadic functions: x86-64 wants %al set for them,
 * which only a variadic descriptor does ({@link PerfEvents} keeps its own handle). Other
 * architectures are refused when this class loads.
 */
public final class Native {
    static { // first: the generic calls below rely on these ABIs
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"aarch64".equals(arch)) {
            throw new UnsatisfiedLinkError("ecli-java calls C only on amd64 and aarch64, not on " + arch);
        }
    }

    /** The native linker. */
    public static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** One small buffer per thread, never freed: threads that call into C are few. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));
    /** {@code long f(long, long, long, long, long, long)}: the one shape every call uses. */
    private static final FunctionDescriptor GENERIC = FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    // Each handle is made on first use (holder classes); prepare() makes both ahead of time.
    // Type: (MemorySegment target, long x6) long.
    private static final class Plain {
        static final MethodHandle H = LINKER.downcallHandle(GENERIC);
    }

    // Type: (MemorySegment target, MemorySegment callState, long x6) long.
    private static final class Errno {
        static final MethodHandle H = LINKER.downcallHandle(GENERIC, Linker.Option.captureCallState("errno"));
    }

    private Native() {}

    /**
     * Makes the two generic handles now (they cost a few milliseconds in a cold JVM), so that a
     * startup thread can pay for them ahead of the thread that needs them. Never required.
     */
    public static void prepare() {
        MethodHandle plain = Plain.H;
        MethodHandle errno = Errno.H;
    }

    /**
     * The native address of {@code s}, to pass as a pointer argument. Refuses a heap segment
     * (its address is no native address) and a closed one, as typed downcalls do.
     */
    public static long ptr(MemorySegment s) {
        if (!s.isNative()) {
            throw new IllegalArgumentException("heap segment passed to C: " + s);
        }
        if (!s.scope().isAlive()) {
            throw new IllegalStateException("Already closed");
        }
        return s.address();
    }

    /** The pointer {@code r} returned by C, as FFM returns an ADDRESS: a zero-length segment (NULL for 0). */
    public static MemorySegment pointer(long r) {
        return r == 0 ? MemorySegment.NULL : MemorySegment.ofAddress(r);
    }

    /** Calls the C function at {@code fn} with no arguments; returns rax/x0 as it is. */
    public static long call(MemorySegment fn) {
        return call(fn, 0L, 0L, 0L, 0L, 0L, 0L);
    }

    /** Calls the C function at {@code fn} with one integer or pointer argument. */
    public static long call(MemorySegment fn, long a0) {
        return call(fn, a0, 0L, 0L, 0L, 0L, 0L);
    }

    /** Calls the C function at {@code fn} with two integer or pointer arguments. */
    public static long call(MemorySegment fn, long a0, long a1) {
        return call(fn, a0, a1, 0L, 0L, 0L, 0L);
    }

    /** Calls the C function at {@code fn} with three integer or pointer arguments. */
    public static long call(MemorySegment fn, long a0, long a1, long a2) {
        return call(fn, a0, a1, a2, 0L, 0L, 0L);
    }

    /** Calls the C function at {@code fn} with four integer or pointer arguments. */
    public static long call(MemorySegment fn, long a0, long a1, long a2, long a3) {
        return call(fn, a0, a1, a2, a3, 0L, 0L);
    }

    /** Calls the C function at {@code fn} with five integer or pointer arguments. */
    public static long call(MemorySegment fn, long a0, long a1, long a2, long a3, long a4) {
        return call(fn, a0, a1, a2, a3, a4, 0L);
    }

    /** Calls the C function at {@code fn} with six integer or pointer arguments. */
    public static long call(MemorySegment fn, long a0, long a1, long a2, long a3, long a4, long a5) {
        try {
            return (long) Plain.H.invokeExact(fn, a0, a1, a2, a3, a4, a5);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** As {@link #call(MemorySegment)}, capturing errno for {@link #errno()}. */
    public static long callErrno(MemorySegment fn) {
        return callErrno(fn, 0L, 0L, 0L, 0L, 0L, 0L);
    }

    /** As {@link #call(MemorySegment, long)}, capturing errno for {@link #errno()}. */
    public static long callErrno(MemorySegment fn, long a0) {
        return callErrno(fn, a0, 0L, 0L, 0L, 0L, 0L);
    }

    /** As {@link #call(MemorySegment, long, long)}, capturing errno for {@link #errno()}. */
    public static long callErrno(MemorySegment fn, long a0, long a1) {
        return callErrno(fn, a0, a1, 0L, 0L, 0L, 0L);
    }

    /** As {@link #call(MemorySegment, long, long, long)}, capturing errno for {@link #errno()}. */
    public static long callErrno(MemorySegment fn, long a0, long a1, long a2) {
        return callErrno(fn, a0, a1, a2, 0L, 0L, 0L);
    }

    /** As {@link #call(MemorySegment, long, long, long, long)}, capturing errno for {@link #errno()}. */
    public static long callErrno(MemorySegment fn, long a0, long a1, long a2, long a3) {
        return callErrno(fn, a0, a1, a2, a3, 0L, 0L);
    }

    /** As {@link #call(MemorySegment, long, long, long, long, long)}, capturing errno for {@link #errno()}. */
    public static long callErrno(MemorySegment fn, long a0, long a1, long a2, long a3, long a4) {
        return callErrno(fn, a0, a1, a2, a3, a4, 0L);
    }

    /**
     * As {@link #call(MemorySegment, long, long, long, long, long, long)}; errno is captured into
     * this thread's call-state buffer right after the call (before the JVM can clobber it) and
     * read back with {@link #errno()}.
     */
    public static long callErrno(MemorySegment fn, long a0, long a1, long a2, long a3, long a4, long a5) {
        try {
            return (long) Errno.H.invokeExact(fn, STATE.get(), a0, a1, a2, a3, a4, a5);
        } catch (Throwable t) {
            throw unchecked(t);
        }
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
