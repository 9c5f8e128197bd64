package dev.ecli.runner.sys;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether stdout and stderr were handed to us open for writing. A shell's {@code >&-} closes
 * fd 1 before the JVM starts, and the JVM's first opened file (its module image, read-only)
 * then takes that number: writing fails with EBADF, and closing {@code FileDescriptor.out}
 * would have the JDK put /dev/null over the JVM's own file (a crash later). So a descriptor
 * that is closed or read-only ({@code /proc/self/fdinfo}: no FFM on the way to the first
 * event) counts as absent, and {@link #guard} makes {@link System#out} and
 * {@link System#err} discard what is written to an absent one.
 */
public final class StandardFds {
    private static final int O_ACCMODE = 3, O_RDONLY = 0;

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
        if (!stdoutOpen) {
            return OutputStream.nullOutputStream();
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        return keepOpen ? new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        } : out;
    }

    private static volatile boolean keepOpen;

    /**
     * Streams from {@link #stdout} no longer close fd 1: for the AOT cache's training, which
     * runs several commands, each closing its output, in one JVM.
     */
    public static void keepOpen() {
        keepOpen = true;
    }

    /** Whether {@code fd} is open and not read-only; true when /proc cannot tell. */
    public static boolean writable(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring(6).strip(), 8) & O_ACCMODE) != O_RDONLY;
                }
            }
            return true;
        } catch (NoSuchFileException e) {
            return false; // closed
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
