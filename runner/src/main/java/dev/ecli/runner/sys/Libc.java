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
import java.util.List;

/**
 * libc calls, each with its C signature. Methods return the C result and throw
 * {@link SysException} (errno plus a one-line message) on failure. Thread-safe.
 */
public final class Libc {
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int EPOLLIN = 1, EPOLLERR = 8, EPOLLHUP = 16;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CLOEXEC = 0x80000, O_CLOEXEC = 0x80000;
    public static final short POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EBUSY = 16;
    private static final int SC_PAGESIZE = 30;

    /**
     * struct epoll_event { uint32_t events; uint64_t data; }: packed (12 bytes) on x86-64 only;
     * other ABIs align data to 8.
     */
    public static final StructLayout EPOLL_EVENT = "amd64".equals(System.getProperty("os.arch"))
            ? MemoryLayout.structLayout(JAVA_INT.withName("events"), ValueLayout.JAVA_LONG_UNALIGNED.withName("data"))
            : MemoryLayout.structLayout(JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data"));
    private static final long EPOLL_DATA = EPOLL_EVENT.byteOffset(MemoryLayout.PathElement.groupElement("data"));
    /** struct pollfd { int fd; short events; short revents; }. */
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    // Each handle is made when its holder class is first used (making one costs a millisecond or
    // more at startup); prepare() makes a run's ahead of time, on another thread.
    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
    private static final class Mmap {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    }
    // int epoll_create1(int flags);
    private static final class EpollCreate1 {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "epoll_create1",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
    private static final class EpollCtl {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }
    // int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
    private static final class EpollWait {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
    private static final class Poll {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "poll",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    // int close(int fd);
    private static final class Close {
        static final MethodHandle H = Native.downcall(Native.libc(), "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    // uid_t geteuid(void);
    private static final class Geteuid {
        static final MethodHandle H = Native.downcall(Native.libc(), "geteuid", FunctionDescriptor.of(JAVA_INT));
    }
    // int isatty(int fd);
    private static final class Isatty {
        static final MethodHandle H = Native.downcall(Native.libc(), "isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    // int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact);
    private static final class Sigaction {
        static final MethodHandle H = Native.downcall(Native.libc(), "sigaction",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
    // sighandler_t signal(int signum, sighandler_t handler);
    private static final class Signal {
        static final MethodHandle H = Native.downcall(Native.libc(), "signal",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    }
    // long sysconf(int name);
    private static final class PageSize {
        static final long VALUE;
        static {
            try {
                VALUE = (long) Native.downcall(Native.libc(), "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT))
                        .invokeExact(SC_PAGESIZE);
            } catch (Throwable t) {
                throw new ExceptionInInitializerError(t);
            }
        }
    }
    // int munmap(void *addr, size_t length);
    private static final class Munmap {
        static final MethodHandle H = Native.downcall(Native.libc(), "munmap",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }
    // int pipe2(int pipefd[2], int flags);
    private static final class Pipe2 {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "pipe2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    // int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data);
    private static final class Mount {
        static final MethodHandle H = Native.downcallErrno(Native.libc(), "mount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }
    // int strerror_r(int errnum, char *buf, size_t buflen);  (XSI; glibc names it __xpg_strerror_r)
    private static final class StrerrorR {
        static final MethodHandle H = Native.downcall(Native.libc(),
                Native.libc().find("__xpg_strerror_r").isPresent() ? "__xpg_strerror_r" : "strerror_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private Libc() {}

    /**
     * Makes the handles of the calls every {@code run} makes (signals, privilege check, ring
     * mapping and polling), so that a second startup thread pays for them instead of the
     * thread that loads the programs. Calling it is never required.
     */
    public static void prepare() {
        for (Class<?> holder : List.of(Sigaction.class, Geteuid.class, PageSize.class, Mmap.class,
                EpollCreate1.class, EpollCtl.class, EpollWait.class, Isatty.class, Close.class)) {
            try {
                Class.forName(holder.getName(), true, Libc.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The system page size. */
    public static long pageSize() {
        return PageSize.VALUE;
    }

    /**
     * Maps {@code length} bytes of {@code fd} at {@code offset} (MAP_SHARED). The segment has
     * that length and belongs to {@code arena}: closing the arena unmaps it, and later accesses
     * throw instead of faulting.
     */
    public static MemorySegment mmap(long length, int prot, int fd, long offset, Arena arena) throws SysException {
        if (length <= 0 || offset < 0) {
            throw new IllegalArgumentException("mmap of " + length + " bytes at offset " + offset);
        }
        try {
            MemorySegment p = (MemorySegment) Mmap.H.invokeExact(Native.callState(), MemorySegment.NULL, length, prot,
                    MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                throw failure("mmap", Native.errno());
            }
            MemorySegment whole = p.reinterpret(length);
            return p.reinterpret(length, arena, ignored -> munmap(whole));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** munmap(2); errors are ignored (only a bad argument can fail, and we unmap what we mapped). */
    private static void munmap(MemorySegment mapping) {
        try {
            int rc = (int) Munmap.H.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable t) {
            // Cleanup path: nothing sensible to do.
        }
    }

    /** A new epoll instance (close-on-exec). */
    public static int epollCreate() throws SysException {
        try {
            int fd = (int) EpollCreate1.H.invokeExact(Native.callState(), EPOLL_CLOEXEC);
            if (fd < 0) {
                throw failure("epoll_create1", Native.errno());
            }
            return fd;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** Adds {@code fd} to the epoll set with {@code events}, tagging it with {@code data}. */
    public static void epollAdd(int epfd, int fd, int events, long data) throws SysException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(EPOLL_EVENT);
            ev.set(JAVA_INT, 0, events);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, EPOLL_DATA, data);
            int rc = (int) EpollCtl.H.invokeExact(Native.callState(), epfd, EPOLL_CTL_ADD, fd, ev);
            if (rc < 0) {
                throw failure("epoll_ctl", Native.errno());
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever) for events, written to {@code events}
     * (room for {@code max} {@link #EPOLL_EVENT}s). Returns how many are ready; 0 on timeout
     * or when a signal interrupted the wait.
     */
    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) throws SysException {
        if (max <= 0 || events.byteSize() < max * EPOLL_EVENT.byteSize()) {
            throw new IllegalArgumentException("epoll_wait: no room for " + max + " events");
        }
        try {
            int n = (int) EpollWait.H.invokeExact(Native.callState(), epfd, events, max, timeoutMillis);
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
            throw Native.unchecked(t);
        }
    }

    /** poll(2) on one fd without waiting; returns its revents (0 when nothing is pending). */
    public static short pollNow(int fd, short events) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, events);
            int n = (int) Poll.H.invokeExact(Native.callState(), p, 1L, 0);
            return n > 0 ? p.get(JAVA_SHORT, 6) : 0;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** A close-on-exec pipe: {read end, write end}. */
    public static int[] pipe() throws SysException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            int rc = (int) Pipe2.H.invokeExact(Native.callState(), fds, O_CLOEXEC);
            if (rc < 0) {
                throw failure("pipe2", Native.errno());
            }
            return fds.toArray(JAVA_INT);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** close(2); errors are ignored (after close the fd is gone either way on Linux). */
    public static void close(int fd) {
        try {
            int rc = (int) Close.H.invokeExact(fd);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** mount(2) with no flags and no data. */
    public static void mount(String source, String target, String fstype) throws SysException {
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) Mount.H.invokeExact(Native.callState(), a.allocateFrom(source), a.allocateFrom(target),
                    a.allocateFrom(fstype), 0L, MemorySegment.NULL);
            if (rc != 0) {
                throw failure("mount " + fstype + " on " + target, Native.errno());
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** The effective user id (0: root). */
    public static int geteuid() {
        try {
            return (int) Geteuid.H.invokeExact();
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /**
     * When signal {@code signum} is ignored (SIG_IGN, as a non-interactive shell leaves SIGINT for
     * its background jobs), gives it back its default action so a handler can be installed,
     * as C tools do by installing theirs; any other disposition is left alone.
     * @return whether it was ignored
     */
    public static boolean unignore(int signum) {
        try (Arena arena = Arena.ofConfined()) {
            // struct sigaction is 152 bytes on x86_64 and aarch64 glibc; sa_handler comes first.
            MemorySegment old = arena.allocate(256, 8);
            if ((int) Sigaction.H.invokeExact(signum, MemorySegment.NULL, old) != 0
                    || old.get(JAVA_LONG, 0) != 1L) { // SIG_IGN
                return false;
            }
            MemorySegment previous = (MemorySegment) Signal.H.invokeExact(signum, MemorySegment.NULL); // SIG_DFL
            return previous.address() == 1L;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** Whether {@code fd} is a terminal. */
    public static boolean isatty(int fd) {
        try {
            return (int) Isatty.H.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** The C library's text for an errno, e.g. "No such file or directory". Thread-safe. */
    public static String strerror(int errno) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int rc = (int) StrerrorR.H.invokeExact(Math.abs(errno), buf, 256L);
            return rc == 0 ? Native.string(buf, 256) : "errno " + errno;
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static SysException failure(String what, int errno) {
        return new SysException(what + ": " + strerror(errno), errno);
    }
}
