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
 * Reads a ring buffer through libbpf's {@code ring_buffer__poll}, with one upcall per record.
 * The baseline that {@link RingBufferReader} is measured against: same results, but each
 * record crosses C to Java, and libbpf trusts the kernel's lengths (we still check them against
 * the ring size). Not thread-safe; close it before the map's object.
 */
public final class LibbpfRingBufferReader implements RecordSource {
    private final String name;
    private final long maxRecord;
    private final CallbackDelivery delivery;

    /**
     * @throws IllegalArgumentException when {@code map} is not a loaded ring buffer
     * @throws SysException when libbpf cannot set up the ring
     */
    public LibbpfRingBufferReader(BpfMap map) throws SysException {
        name = map.name();
        if (!MapType.RINGBUF.is(map.type()) || map.fd() < 0) {
            throw new IllegalArgumentException("map " + name + " is not a loaded ring buffer");
        }
        maxRecord = map.maxEntries() - 8;
        delivery = new CallbackDelivery("ring buffer reader of " + name);
        delivery.open("ring_buffer__new", stubs -> {
            MethodHandle sample = MethodHandles.lookup().findVirtual(LibbpfRingBufferReader.class, "sample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class)).bindTo(this);
            MemorySegment stub = Native.LINKER.upcallStub(sample, LibBpf.RING_BUFFER_SAMPLE_FN, stubs);
            return Native.pointer(LibBpf.RING_BUFFER_NEW.call(map.fd(), Native.ptr(stub), 0L, 0L));
        });
    }

    /** libbpf's sample callback. Must never throw into C (the JVM would exit): failures are kept for poll. */
    private int sample(MemorySegment ctx, MemorySegment data, long size) {
        if (delivery.failed()) {
            return -1;
        }
        if (size < 0 || size > maxRecord) {
            delivery.fail(new RingBufferException("ring record of " + size + " bytes in a ring of " + (maxRecord + 8)));
            return -1;
        }
        return delivery.deliver(data, size) ? 0 : -1;
    }

    /**
     * Waits up to {@code timeoutMillis} for data and delivers all of it. Unlike
     * {@link RingBufferReader}, always enters epoll first, as libbpf does.
     */
    @Override
    public int poll(int timeoutMillis, RecordHandler handler) throws SysException {
        return delivery.poll("ring_buffer__poll", handler,
                ring -> (int) LibBpf.RING_BUFFER_POLL.call(Native.ptr(ring), timeoutMillis));
    }

    /** libbpf's epoll fd over the buffer. */
    @Override
    public int fd() {
        return delivery.epollFd(LibBpf.RING_BUFFER_EPOLL_FD);
    }

    /** Frees libbpf's ring (unmapping it) and the callback; idempotent. */
    @Override
    public void close() {
        delivery.close(LibBpf.RING_BUFFER_FREE);
    }
}
