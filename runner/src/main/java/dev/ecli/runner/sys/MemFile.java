package dev.ecli.runner.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Bytes in an anonymous in-memory file ({@code memfd_create(2)}) that a library which wants a
 * path can open as {@code /proc/self/fd/N}: nothing is written to disk, nothing is left behind,
 * and no other user can replace it between writing and reading. Close it when the reader is done.
 */
public final class MemFile implements AutoCloseable {
    private static final int MFD_CLOEXEC = 1;
    // int memfd_create(const char *name, unsigned int flags);
    private static final MemorySegment MEMFD_CREATE = Native.symbol(Native.libc(), "memfd_create");
    // ssize_t write(int fd, const void *buf, size_t count);
    private static final MemorySegment WRITE = Native.symbol(Native.libc(), "write");

    private final int fd;
    private boolean closed;

    private MemFile(int fd) {
        this.fd = fd;
    }

    /**
     * A new in-memory file named {@code name} (for /proc listings) holding {@code bytes}.
     * @throws SysException when the kernel refuses the file or a write
     */
    public static MemFile of(String name, byte[] bytes) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Native.callErrno(MEMFD_CREATE, Native.ptr(arena.allocateFrom(name)), MFD_CLOEXEC);
            if (fd < 0) {
                int errno = Native.errno();
                throw new SysException("memfd_create: " + Libc.strerror(errno), errno);
            }
            MemFile f = new MemFile(fd);
            MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                long n = Native.callErrno(WRITE, fd, Native.ptr(buf) + done, bytes.length - done);
                if (n <= 0) {
                    int errno = Native.errno();
                    f.close();
                    throw new SysException("write to memfd " + name + ": " + Libc.strerror(errno), errno);
                }
                done += n;
            }
            return f;
        }
    }

    /** The path this process opens the file by (not valid in other processes). */
    public Path path() {
        return Path.of("/proc/self/fd/" + fd);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(fd);
    }
}
