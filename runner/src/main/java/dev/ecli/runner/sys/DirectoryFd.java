package dev.ecli.runner.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A directory opened read-only, for kernel APIs that take a directory fd (cgroups). */
public final class DirectoryFd implements AutoCloseable {
    private static final int O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    // int open(const char *pathname, int flags, ...);  called without the mode, as before: glibc's
    // open reads no variadic argument unless O_CREAT or O_TMPFILE is set.
    private static final MemorySegment OPEN = Native.symbol(Native.libc(), "open");

    private final int fd;

    private DirectoryFd(int fd) {
        this.fd = fd;
    }

    /** Opens {@code path} with O_DIRECTORY | O_CLOEXEC. @throws SysException with errno */
    public static DirectoryFd open(String path) throws SysException {
        int fd;
        int errno;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) Native.callErrno(OPEN, Native.ptr(a.allocateFrom(path)), O_DIRECTORY | O_CLOEXEC);
            errno = Native.errno();
        }
        if (fd < 0) {
            throw new SysException("open " + path + ": errno " + errno, errno);
        }
        return new DirectoryFd(fd);
    }

    /** The file descriptor, valid until {@link #close()}. */
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
