package dev.ecli.runner.consume;

import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.LibBpf;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.sys.Native;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads a BPF_MAP_TYPE_PERF_EVENT_ARRAY map through libbpf's perf buffer: one mmap'd ring per
 * CPU, polled together; each sample reaches the handler through an upcall (libbpf copies a
 * sample that wraps the ring's end, so the handler always sees it whole). The kernel drops
 * samples when a CPU's ring is full and says how many: {@link #lost()} adds them up. Not
 * thread-safe; close it before the map's object.
 */
public final class PerfBufferReader implements RecordSource {
    /** Pages per CPU ring (a power of two), as libbpf-tools use: 64 pages, 256 KiB. */
    public static final int DEFAULT_PAGES = 64;

    private final String name;
    private final CallbackDelivery delivery;
    private int delivered;
    private long lost;

    /**
     * @param pagesPerCpu ring size per CPU in pages, a power of two
     * @throws IllegalArgumentException when {@code map} is not a loaded perf event array
     * @throws SysException when libbpf cannot open the per-CPU events or map them
     */
    public PerfBufferReader(BpfMap map, int pagesPerCpu) throws SysException {
        name = map.name();
        if (!MapType.PERF_EVENT_ARRAY.is(map.type()) || map.fd() < 0) {
            throw new IllegalArgumentException("map " + name + " is not a loaded perf event array");
        }
        if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
            throw new IllegalArgumentException("perf buffer of " + pagesPerCpu + " pages: not a power of two");
        }
        delivery = new CallbackDelivery("perf buffer reader of " + name);
        delivery.open("perf_buffer__new", stubs -> {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodHandle sample = l.findVirtual(PerfBufferReader.class, "sample", MethodType.methodType(void.class,
                    MemorySegment.class, int.class, MemorySegment.class, int.class)).bindTo(this);
            MethodHandle lostFn = l.findVirtual(PerfBufferReader.class, "lost", MethodType.methodType(void.class,
                    MemorySegment.class, int.class, long.class)).bindTo(this);
            MemorySegment sampleStub = Native.LINKER.upcallStub(sample, LibBpf.PERF_BUFFER_SAMPLE_FN, stubs);
            MemorySegment lostStub = Native.LINKER.upcallStub(lostFn, LibBpf.PERF_BUFFER_LOST_FN, stubs);
            return Native.pointer(LibBpf.PERF_BUFFER_NEW.call(map.fd(), pagesPerCpu, Native.ptr(sampleStub),
                    Native.ptr(lostStub), 0L, 0L));
        });
    }

    /** libbpf's sample callback. Must never throw into C: failures are kept for poll. */
    private void sample(MemorySegment ctx, int cpu, MemorySegment data, int size) {
        if (!delivery.failed()) {
            delivered++;
            delivery.deliver(data, size & 0xffff_ffffL);
        }
    }

    /** libbpf's lost callback: the kernel dropped {@code count} samples on {@code cpu}. */
    private void lost(MemorySegment ctx, int cpu, long count) {
        lost += count;
    }

    /**
     * Waits up to {@code timeoutMillis} for data on any CPU's ring and delivers everything
     * there (libbpf always enters epoll first). A signal interrupting the wait returns 0.
     * With 0, reads every CPU's ring without asking epoll: a perf event's readiness is
     * consumed by whoever polls it first, and a caller waiting on {@link #fd} inside its own
     * epoll set has already done so.
     */
    @Override
    public int poll(int timeoutMillis, RecordHandler handler) throws SysException {
        delivered = 0;
        if (timeoutMillis == 0) {
            delivery.poll("perf_buffer__consume", handler,
                    buffer -> (int) LibBpf.PERF_BUFFER_CONSUME.call(Native.ptr(buffer)));
        } else {
            delivery.poll("perf_buffer__poll", handler,
                    buffer -> (int) LibBpf.PERF_BUFFER_POLL.call(Native.ptr(buffer), timeoutMillis));
        }
        return delivered;
    }

    /** Samples the kernel dropped so far because a CPU's ring was full. */
    @Override
    public long lost() {
        return lost;
    }

    /** The map's name. */
    public String name() {
        return name;
    }

    /** libbpf's epoll fd over the buffer. */
    @Override
    public int fd() {
        return delivery.epollFd(LibBpf.PERF_BUFFER_EPOLL_FD);
    }

    /** Frees the per-CPU rings and events, and the callbacks; idempotent. */
    @Override
    public void close() {
        delivery.close(LibBpf.PERF_BUFFER_FREE);
    }
}
