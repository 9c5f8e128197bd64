package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libc calls, each with its C signature. Methods return the C result and throw
 * {@link SysException} with errno on failure.
 */
public final class Libc {
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int EPOLLIN = 1, EPOLLERR = 8, EPOLLHUP = 16;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final short POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
    public static final int EINTR = 4;
    private static final int SC_PAGESIZE = 30;

    /** struct epoll_event { uint32_t events; uint64_t data; } __attribute__((packed)) on x86-64. */
    public static final StructLayout EPOLL_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("events"), ValueLayout.JAVA_LONG_UNALIGNED.withName("data"));
    /** struct pollfd { int fd; short events; short revents; }. */
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
    private static final MethodHandle MMAP = Native.downcallErrno(Native.libc(), "mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    // int munmap(void *addr, size_t length);
    private static final MethodHandle MUNMAP = Native.downcall(Native.libc(), "munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    // int epoll_create1(int flags);
    private static final MethodHandle EPOLL_CREATE1 = Native.downcallErrno(Native.libc(), "epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
    private static final MethodHandle EPOLL_CTL = Native.downcallErrno(Native.libc(), "epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    // int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
    private static final MethodHandle EPOLL_WAIT = Native.downcallErrno(Native.libc(), "epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
    private static final MethodHandle POLL = Native.downcallErrno(Native.libc(), "poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    // int close(int fd);
    private static final MethodHandle CLOSE = Native.downcall(Native.libc(), "close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data);
    private static final MethodHandle MOUNT = Native.downcallErrno(Native.libc(), "mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    // char *strerror(int errnum);  (only called from one thread at a time in practice; the text is copied)
    private static final MethodHandle STRERROR = Native.downcall(Native.libc(), "strerror",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // long sysconf(int name);
    private static final MethodHandle SYSCONF = Native.downcall(Native.libc(), "sysconf",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

    private static final long PAGE_SIZE = pageSizeOnce();

    private Libc() {}

    private static long pageSizeOnce() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    /** The system page size. */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}; the segment has that length. */
    public static MemorySegment mmap(long length, int prot, int fd, long offset) throws SysException {
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(Native.callState(), MemorySegment.NULL, length, prot,
                    MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                throw failure("mmap", Native.errno());
            }
            return p.reinterpret(length);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void munmap(MemorySegment mapping) {
        try {
            int rc = (int) MUNMAP.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int epollCreate() throws SysException {
        try {
            int fd = (int) EPOLL_CREATE1.invokeExact(Native.callState(), EPOLL_CLOEXEC);
            if (fd < 0) {
                throw failure("epoll_create1", Native.errno());
            }
            return fd;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Adds {@code fd} to the epoll set with {@code events}, tagging it with {@code data}. */
    public static void epollAdd(int epfd, int fd, int events, long data) throws SysException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(EPOLL_EVENT);
            ev.set(JAVA_INT, 0, events);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, data);
            int rc = (int) EPOLL_CTL.invokeExact(Native.callState(), epfd, EPOLL_CTL_ADD, fd, ev);
            if (rc < 0) {
                throw failure("epoll_ctl", Native.errno());
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits up to {@code timeoutMillis}; returns the number of ready events (0 on timeout or EINTR). */
    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) throws SysException {
        try {
            int n = (int) EPOLL_WAIT.invokeExact(Native.callState(), epfd, events, max, timeoutMillis);
            if (n < 0) {
                int err = Native.errno();
                if (err == EINTR) {
                    return 0;
                }
                throw failure("epoll_wait", err);
            }
            return n;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** poll(2) on one fd with no wait; returns its revents (0 when nothing is pending). */
    public static short pollNow(int fd, short events) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, events);
            int n = (int) POLL.invokeExact(Native.callState(), p, 1L, 0);
            return n > 0 ? p.get(JAVA_SHORT, 6) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void close(int fd) {
        try {
            int rc = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** mount(2) with no flags and no data. */
    public static void mount(String source, String target, String fstype) throws SysException {
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) MOUNT.invokeExact(Native.callState(), a.allocateFrom(source), a.allocateFrom(target),
                    a.allocateFrom(fstype), 0L, MemorySegment.NULL);
            if (rc != 0) {
                throw failure("mount " + fstype + " on " + target, Native.errno());
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The C library's text for an errno, e.g. "No such file or directory". */
    public static String strerror(int errno) {
        try {
            return Native.string((MemorySegment) STRERROR.invokeExact(errno), 256);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static SysException failure(String what, int errno) {
        return new SysException(what + ": " + strerror(errno), errno);
    }
}
