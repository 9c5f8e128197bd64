package dev.ecli.runner.loop;

import dev.ecli.runner.consume.RecordHandler;
import dev.ecli.runner.consume.RecordSource;
import dev.ecli.runner.sys.EventFd;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A record source without BPF: records pushed from any thread wait in a queue, and an eventfd
 * is readable while any do, as a ring buffer's fd is while it holds records. A poll delivers at
 * most {@code batch} records, as a real reader stops after about one buffer's worth.
 */
final class FakeSource implements RecordSource {
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final EventFd ready;
    private final int batch;
    private long lost;
    private boolean closed;
    int polls;

    FakeSource(int batch) throws SysException {
        this.ready = new EventFd();
        this.batch = batch;
    }

    /** Adds a record; the loop's wait wakes. */
    synchronized void push(byte[] record) {
        queue.add(record);
        ready.signal();
    }

    /** Records the "kernel" says it dropped. */
    synchronized void lose(long n) {
        lost += n;
    }

    @Override
    public int poll(int timeoutMillis, RecordHandler handler) {
        if (timeoutMillis != 0) {
            throw new AssertionError("the loop waits in epoll, never in a source: timeout " + timeoutMillis);
        }
        int n = 0;
        try (Arena a = Arena.ofConfined()) {
            while (n < batch) {
                byte[] r;
                synchronized (this) {
                    polls++;
                    r = queue.poll();
                    if (r == null) {
                        ready.clear();
                        break;
                    }
                }
                MemorySegment seg = a.allocate(r.length, 8);
                seg.copyFrom(MemorySegment.ofArray(r));
                handler.onRecord(seg);
                n++;
            }
        }
        return n;
    }

    @Override
    public int fd() {
        return ready.fd();
    }

    @Override
    public synchronized long lost() {
        return lost;
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        ready.close();
    }
}
