package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;

/**
 * libc calls, each with its C signature. Methods return the C result and throw
 * {@link SysException} (errno plus a one-line message) on failure. Thread-safe.
 */
public final class Libc {
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MADV_DONTNEED = 4, MADV_NOHUGEPAGE = 15;
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

    // Symbols are looked up when this class loads (cheap); every call goes through Native's
    // generic downcall (see Native for why and why it is sound).
    private static final SymbolLookup LIBC = Native.libc();
    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
    private static final MemorySegment MMAP = Native.symbol(LIBC, "mmap");
    // int munmap(void *addr, size_t length);
    private static final MemorySegment MUNMAP = Native.symbol(LIBC, "munmap");
    // int madvise(void *addr, size_t length, int advice);
    private static final MemorySegment MADVISE = Native.symbol(LIBC, "madvise");
    // int epoll_create1(int flags);
    private static final MemorySegment EPOLL_CREATE1 = Native.symbol(LIBC, "epoll_create1");
    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
    private static final MemorySegment EPOLL_CTL = Native.symbol(LIBC, "epoll_ctl");
    // int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
    private static final MemorySegment EPOLL_WAIT = Native.symbol(LIBC, "epoll_wait");
    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
    private static final MemorySegment POLL = Native.symbol(LIBC, "poll");
    // int close(int fd);
    private static final MemorySegment CLOSE = Native.symbol(LIBC, "close");
    // uid_t geteuid(void);
    private static final MemorySegment GETEUID = Native.symbol(LIBC, "geteuid");
    // int isatty(int fd);
    private static final MemorySegment ISATTY = Native.symbol(LIBC, "isatty");
    // int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact);
    private static final MemorySegment SIGACTION = Native.symbol(LIBC, "sigaction");
    // sighandler_t signal(int signum, sighandler_t handler);
    private static final MemorySegment SIGNAL = Native.symbol(LIBC, "signal");
    // long sysconf(int name);
    private static final MemorySegment SYSCONF = Native.symbol(LIBC, "sysconf");
    // int pipe2(int pipefd[2], int flags);
    private static final MemorySegment PIPE2 = Native.symbol(LIBC, "pipe2");
    // int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data);
    private static final MemorySegment MOUNT = Native.symbol(LIBC, "mount");
    // int strerror_r(int errnum, char *buf, size_t buflen);  (XSI; glibc names it __xpg_strerror_r)
    private static final MemorySegment STRERROR_R = Native.symbol(LIBC,
            LIBC.find("__xpg_strerror_r").isPresent() ? "__xpg_strerror_r" : "strerror_r");

    private static final class PageSize {
        static final long VALUE = Native.call(SYSCONF, SC_PAGESIZE);
    }

    private Libc() {}

    /**
     * Makes what the calls every {@code run} makes need (the generic downcall handles, this
     * class's symbols), so that a second startup thread pays for them instead of the thread that
     * loads the programs. Calling it is never required.
     */
    public static void prepare() {
        Native.prepare();
        pageSize();
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
        long p = Native.callErrno(MMAP, 0L, length, prot, MAP_SHARED, fd, offset);
        if (p == -1L) {
            throw failure("mmap", Native.errno());
        }
        return MemorySegment.ofAddress(p).reinterpret(length, arena, ignored -> munmap(p, length));
    }

    /** munmap(2); errors are ignored (only a bad argument can fail, and we unmap what we mapped). */
    private static void munmap(long address, long length) {
        Native.call(MUNMAP, address, length);
    }

    /**
     * Advises the kernel about {@code length} bytes of this process's memory at {@code address}
     * ({@link #MADV_DONTNEED}, {@link #MADV_NOHUGEPAGE}); whether it took the advice.
     */
    public static boolean madvise(long address, long length, int advice) {
        return (int) Native.call(MADVISE, address, length, advice) == 0;
    }

    /** A new epoll instance (close-on-exec). */
    public static int epollCreate() throws SysException {
        int fd = (int) Native.callErrno(EPOLL_CREATE1, EPOLL_CLOEXEC);
        if (fd < 0) {
            throw failure("epoll_create1", Native.errno());
        }
        return fd;
    }

    /** Adds {@code fd} to the epoll set with {@code events}, tagging it with {@code data}. */
    public static void epollAdd(int epfd, int fd, int events, long data) throws SysException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(EPOLL_EVENT);
            ev.set(JAVA_INT, 0, events);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, EPOLL_DATA, data);
            int rc = (int) Native.callErrno(EPOLL_CTL, epfd, EPOLL_CTL_ADD, fd, Native.ptr(ev));
            if (rc < 0) {
                throw failure("epoll_ctl", Native.errno());
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever) for events, written to {@code events}
     * (native memory with room for {@code max} {@link #EPOLL_EVENT}s). Returns how many are
     * ready; 0 on timeout or when a signal interrupted the wait.
     */
    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) throws SysException {
        if (max <= 0 || events.byteSize() < max * EPOLL_EVENT.byteSize()) {
            throw new IllegalArgumentException("epoll_wait: no room for " + max + " events");
        }
        int n = (int) Native.callErrno(EPOLL_WAIT, epfd, Native.ptr(events), max, timeoutMillis);
        if (n < 0) {
            int err = Native.errno();
            if (err == EINTR) {
                return 0;
            }
            throw failure("epoll_wait", err);
        }
        return n;
    }

    /** poll(2) on one fd without waiting; returns its revents (0 when nothing is pending). */
    public static short pollNow(int fd, short events) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, events);
            int n = (int) Native.call(POLL, Native.ptr(p), 1L, 0L);
            return n > 0 ? p.get(JAVA_SHORT, 6) : 0;
        }
    }

    /** A close-on-exec pipe: {read end, write end}. */
    public static int[] pipe() throws SysException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            int rc = (int) Native.callErrno(PIPE2, Native.ptr(fds), O_CLOEXEC);
            if (rc < 0) {
                throw failure("pipe2", Native.errno());
            }
            return fds.toArray(JAVA_INT);
        }
    }

    /** close(2); errors are ignored (after close the fd is gone either way on Linux). */
    public static void close(int fd) {
        Native.call(CLOSE, fd);
    }

    /** mount(2) with no flags and no data. */
    public static void mount(String source, String target, String fstype) throws SysException {
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) Native.callErrno(MOUNT, Native.ptr(a.allocateFrom(source)),
                    Native.ptr(a.allocateFrom(target)), Native.ptr(a.allocateFrom(fstype)), 0L, 0L);
            if (rc != 0) {
                throw failure("mount " + fstype + " on " + target, Native.errno());
            }
        }
    }

    /** The effective user id (0: root). */
    public static int geteuid() {
        return (int) Native.call(GETEUID);
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
            if ((int) Native.call(SIGACTION, signum, 0L, Native.ptr(old)) != 0
                    || old.get(JAVA_LONG, 0) != 1L) { // SIG_IGN
                return false;
            }
            long previous = Native.call(SIGNAL, signum, 0L); // SIG_DFL
            return previous == 1L;
        }
    }

    /** Whether {@code fd} is a terminal. */
    public static boolean isatty(int fd) {
        return (int) Native.call(ISATTY, fd) == 1;
    }

    /** The C library's text for an errno, e.g. "No such file or directory". Thread-safe. */
    public static String strerror(int errno) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int rc = (int) Native.call(STRERROR_R, Math.abs(errno), Native.ptr(buf), 256L);
            return rc == 0 ? Native.string(buf, 256) : "errno " + errno;
        } catch (RuntimeException e) {
            return "errno " + errno;
        }
    }

    private static SysException failure(String what, int errno) {
        return new SysException(what + ": " + strerror(errno), errno);
    }
}
