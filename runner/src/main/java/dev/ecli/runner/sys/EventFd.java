package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An {@code eventfd(2)}: a counter in the kernel that is readable (for epoll) while non-zero.
 * {@link #signal} may be called from any thread, including a signal handler's, to wake a
 * thread waiting on {@link #fd}; the waiter {@link #clear clears} it. Close it last.
 */
public final class EventFd implements AutoCloseable {
    private static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    // int eventfd(unsigned int initval, int flags);
    private static final MemorySegment EVENTFD = Native.symbol(Native.libc(), "eventfd");
    // ssize_t write(int fd, const void *buf, size_t count);
    private static final MemorySegment WRITE = Native.symbol(Native.libc(), "write");
    // ssize_t read(int fd, void *buf, size_t count);
    private static final MemorySegment READ = Native.symbol(Native.libc(), "read");

    private final int fd;
    /** Eight bytes each for the writer and the reader: they are on different threads. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(JAVA_LONG), sink = arena.allocate(JAVA_LONG);
    private volatile boolean closed;

    /** @throws SysException when the kernel refuses one */
    public EventFd() throws SysException {
        int r = (int) Native.callErrno(EVENTFD, 0L, EFD_CLOEXEC | EFD_NONBLOCK);
        if (r < 0) {
            int errno = Native.errno();
            arena.close();
            throw new SysException("eventfd: " + Libc.strerror(errno), errno);
        }
        fd = r;
        one.set(JAVA_LONG, 0, 1L);
    }

    /** The descriptor to wait on. */
    public int fd() {
        return fd;
    }

    /** Makes {@link #fd} readable; any thread. After {@link #close}, does nothing. */
    public synchronized void signal() {
        if (closed) {
            return;
        }
        Native.call(WRITE, fd, Native.ptr(one), 8L);
    }

    /** Resets the counter (non-blocking: a no-op when it is already zero); the waiting thread. */
    public void clear() {
        Native.call(READ, fd, Native.ptr(sink), 8L);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
            arena.close();
        }
    }
}
