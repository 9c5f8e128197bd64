package dev.ecli.runner.consume;

import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads a BPF_MAP_TYPE_RINGBUF map directly: maps its consumer page read-write and its
 * producer page plus the data area (mapped twice by the kernel) read-only, and sleeps in
 * epoll until the kernel signals data. Records are handed over in place, without copying
 * (see {@link RingBuffer}). Not thread-safe; close it before the map's object.
 */
public final class RingBufferReader implements RecordSource {
    private final String name;
    /** Owns the mappings: closing it unmaps them, so a record kept past close throws, not crashes. */
    private final Arena arena = Arena.ofShared();
    private final RingBuffer ring;
    private final MemorySegment events;
    private final int epfd;
    private final int mapFd;
    private boolean closed;

    /**
     * Maps {@code map}, which must be a loaded ring buffer.
     * @throws IllegalArgumentException when it is not a ring buffer, or not loaded
     * @throws SysException when mapping or epoll setup fails
     */
    public RingBufferReader(BpfMap map) throws SysException {
        name = map.name();
        if (!MapType.RINGBUF.is(map.type())) {
            throw new IllegalArgumentException("map " + name + " is not a ring buffer (type " + map.type() + ")");
        }
        int fd = map.fd();
        if (fd < 0) {
            throw new IllegalArgumentException("map " + name + " is not loaded");
        }
        long size = map.maxEntries();
        long page = Libc.pageSize();
        if (size < page || Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("map " + name + ": ring size " + size
                    + " is not a power-of-two multiple of the page size");
        }
        int ep = -1;
        try {
            MemorySegment consumerPage = Libc.mmap(page, Libc.PROT_READ | Libc.PROT_WRITE, fd, 0, arena);
            MemorySegment producerPages = Libc.mmap(page + 2 * size, Libc.PROT_READ, fd, page, arena);
            ring = new RingBuffer(consumerPage, producerPages, producerPages.asSlice(page, 2 * size), size);
            events = arena.allocate(Libc.EPOLL_EVENT);
            ep = Libc.epollCreate();
            Libc.epollAdd(ep, fd, Libc.EPOLLIN, 0);
        } catch (SysException | RuntimeException e) {
            if (ep >= 0) {
                Libc.close(ep);
            }
            arena.close();
            throw e;
        }
        epfd = ep;
        mapFd = fd;
    }

    /** The map's fd: epoll reports it readable while the ring holds records. */
    @Override
    public int fd() {
        return mapFd;
    }

    /**
     * How long to let records gather when they were streaming in and the ring just ran dry.
     * The kernel signals a consumer that has caught up on the very next record, so a consumer
     * that sleeps in epoll right away is woken once per record under a steady stream (a
     * context switch each, more than the record costs to decode). Pausing this long first
     * turns that into one wake-up per batch, at the price of this much added latency while
     * events stream; an idle ring still waits in epoll and wakes on its first record.
     */
    static final long BATCH_PAUSE_NANOS = 200_000;

    /** The last poll delivered records. */
    private boolean streaming;

    /**
     * Delivers what is ready; when nothing is, waits up to {@code timeoutMillis} (0: no wait,
     * -1: forever) for the kernel's signal and delivers what came. A signal interrupting the
     * wait returns 0.
     */
    @Override
    public int poll(int timeoutMillis, RecordHandler handler) throws SysException {
        if (closed) {
            throw new IllegalStateException("ring buffer reader of " + name + " is closed");
        }
        int n = ring.drain(handler);
        if (n > 0 || timeoutMillis == 0) {
            streaming = n > 0;
            return n;
        }
        if (streaming) {
            streaming = false;
            pause();
            n = ring.drain(handler);
            if (n > 0) {
                streaming = true;
                return n;
            }
        }
        if (Libc.epollWait(epfd, events, 1, timeoutMillis) > 0) {
            n = ring.drain(handler);
        }
        return n;
    }

    private static void pause() {
        try {
            Thread.sleep(0, (int) BATCH_PAUSE_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The map's name. */
    public String name() {
        return name;
    }

    /** Unmaps the ring and closes the epoll fd; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(epfd);
        arena.close();
    }
}
