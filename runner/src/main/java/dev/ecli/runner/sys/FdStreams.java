package dev.ecli.runner.sys;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Copies what a raw file descriptor yields (e.g. a BPF iterator) with {@code read(2)}. */
public final class FdStreams {
    // ssize_t read(int fd, void *buf, size_t count);
    private static final MemorySegment READ = Native.symbol(Native.libc(), "read");
    private static final int EINTR = 4, EAGAIN = 11;

    private FdStreams() {}

    /**
     * Reads {@code fd} to its end into {@code out}; the fd stays open.
     * @return bytes copied
     * @throws SysException when read fails
     */
    public static long copy(int fd, OutputStream out) throws SysException, IOException {
        long total = 0;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(64 * 1024);
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                long n = Native.callErrno(READ, fd, Native.ptr(buf), buf.byteSize());
                if (n < 0) {
                    int errno = Native.errno();
                    if (errno == EINTR || errno == EAGAIN) {
                        continue;
                    }
                    throw new SysException("read: " + Libc.strerror(errno), errno);
                }
                if (n == 0) {
                    return total;
                }
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, chunk, 0, (int) n);
                out.write(chunk, 0, (int) n);
                total += n;
            }
        }
    }
}
