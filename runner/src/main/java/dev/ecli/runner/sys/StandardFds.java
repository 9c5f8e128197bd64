package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;

/**
 * Whether stdout and stderr were handed to us open for writing. A shell's {@code >&-} closes
 * fd 1 before the JVM starts, and the JVM's first opened file (its module image, read-only)
 * then takes that number: writing fails with EBADF, and closing {@code FileDescriptor.out}
 * would have the JDK put /dev/null over the JVM's own file (a crash later). So a descriptor
 * that is closed or read-only counts as absent, and {@link #guard} makes {@link System#out} and
 * {@link System#err} discard what is written to an absent one.
 */
public final class StandardFds {
    private static final int F_GETFL = 3, O_ACCMODE = 3, O_RDONLY = 0;
    // int fcntl(int fd, int cmd, ...);
    private static final MethodHandle FCNTL = Native.LINKER.downcallHandle(Native.symbol(Native.libc(), "fcntl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private static volatile boolean stdoutOpen = true;

    private StandardFds() {}

    /**
     * Checks fd 1 and 2 once, at start, before anything writes: an absent one is replaced, in
     * {@code System.out} or {@code System.err}, by a stream that discards. Idempotent.
     */
    public static void guard() {
        if (!writable(1)) {
            stdoutOpen = false;
            System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, Charset.defaultCharset()));
        }
        if (!writable(2)) {
            System.setErr(new PrintStream(OutputStream.nullOutputStream(), true, Charset.defaultCharset()));
        }
    }

    /** Whether fd 1 was open for writing when {@link #guard} looked (true before it did). */
    public static boolean stdoutOpen() {
        return stdoutOpen;
    }

    /**
     * fd 1 as a stream, or one that discards when it was absent at start: never a stream whose
     * close touches a descriptor the JVM reused.
     */
    public static OutputStream stdout() {
        return stdoutOpen ? new FileOutputStream(FileDescriptor.out) : OutputStream.nullOutputStream();
    }

    /** Whether {@code fd} is open and not read-only. */
    public static boolean writable(int fd) {
        int flags;
        try {
            flags = (int) FCNTL.invokeExact(fd, F_GETFL, 0);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
        return flags != -1 && (flags & O_ACCMODE) != O_RDONLY;
    }
}
