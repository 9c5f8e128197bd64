package dev.ecli.runner.consume;

import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads a BPF_MAP_TYPE_RINGBUF map directly: maps its consumer page read-write and its
 * producer page plus twice the data area read-only, and sleeps in epoll until the kernel
 * signals data. Records are handed over in place (see {@link RingBuffer}). Not thread-safe.
 */
public final class RingBufferReader implements RecordSource {
    private static final int RINGBUF = 27;

    private final String name;
    private final MemorySegment consumerPage;
    private final MemorySegment producerPages;
    private final RingBuffer ring;
    private final int epfd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment events;
    private boolean closed;

    /**
     * Maps {@code map}, which must be a loaded ring buffer.
     * @throws SysException when mapping or epoll setup fails
     */
    public RingBufferReader(BpfMap map) throws SysException {
        if (map.type() != RINGBUF) {
            throw new IllegalArgumentException("map " + map.name() + " is not a ring buffer");
        }
        this.name = map.name();
        long size = map.maxEntries();
        long page = Libc.pageSize();
        int fd = map.fd();
        if (fd < 0) {
            throw new IllegalStateException("map " + name + " is not loaded");
        }
        consumerPage = Libc.mmap(page, Libc.PROT_READ | Libc.PROT_WRITE, fd, 0);
        MemorySegment prod;
        try {
            prod = Libc.mmap(page + 2 * size, Libc.PROT_READ, fd, page);
        } catch (SysException e) {
            Libc.munmap(consumerPage);
            throw e;
        }
        producerPages = prod;
        ring = new RingBuffer(consumerPage, producerPages, producerPages.asSlice(page, 2 * size), size);
        int ep;
        try {
            ep = Libc.epollCreate();
            Libc.epollAdd(ep, fd, Libc.EPOLLIN, 0);
        } catch (SysException e) {
            Libc.munmap(consumerPage);
            Libc.munmap(producerPages);
            throw e;
        }
        epfd = ep;
        events = arena.allocate(Libc.EPOLL_EVENT, 4);
    }

    @Override
    public int poll(int timeoutMillis, RecordHandler handler) throws SysException {
        int n = ring.drain(handler);
        if (n > 0 || timeoutMillis == 0) {
            return n;
        }
        if (Libc.epollWait(epfd, events, 4, timeoutMillis) > 0) {
            n = ring.drain(handler);
        }
        return n;
    }

    /** The map's name. */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(epfd);
        Libc.munmap(producerPages);
        Libc.munmap(consumerPage);
        arena.close();
    }
}
