package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/** A directory opened read-only, for kernel APIs that take a directory fd (cgroups). */
public final class DirectoryFd implements AutoCloseable {
    private static final int O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    // int open(const char *pathname, int flags);
    private static final MethodHandle OPEN = Native.downcallErrno(Native.libc(), "open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // int close(int fd);
    private static final MethodHandle CLOSE = Native.downcall(Native.libc(), "close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;

    private DirectoryFd(int fd) {
        this.fd = fd;
    }

    /** Opens {@code path} with O_DIRECTORY | O_CLOEXEC. @throws SysException with errno */
    public static DirectoryFd open(String path) throws SysException {
        int fd;
        int errno;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(Native.callState(), a.allocateFrom(path), O_DIRECTORY | O_CLOEXEC);
            errno = Native.errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
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
        try {
            int rc = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
