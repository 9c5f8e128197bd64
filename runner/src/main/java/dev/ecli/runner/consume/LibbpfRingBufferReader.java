package dev.ecli.runner.consume;

import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.LibBpf;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.Native;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads a ring buffer through libbpf's {@code ring_buffer__poll}, with one upcall per record.
 * Kept as the baseline that {@link RingBufferReader} is measured against (bench/); the runner
 * uses the direct reader. Not thread-safe.
 */
public final class LibbpfRingBufferReader implements RecordSource {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring;
    private final long maxRecord;
    private RecordHandler current;
    private RuntimeException failure;

    /** @throws SysException when libbpf cannot set up the ring */
    public LibbpfRingBufferReader(BpfMap map) throws SysException {
        maxRecord = map.maxEntries();
        try {
            MethodHandle sample = MethodHandles.lookup().findVirtual(LibbpfRingBufferReader.class, "sample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class)).bindTo(this);
            MemorySegment stub = Native.LINKER.upcallStub(sample, LibBpf.RING_BUFFER_SAMPLE_FN, arena);
            MemorySegment handle = (MemorySegment) LibBpf.RING_BUFFER_NEW.invokeExact(Native.callState(), map.fd(), stub,
                    MemorySegment.NULL, MemorySegment.NULL);
            if (handle.equals(MemorySegment.NULL)) {
                int errno = Native.errno();
                arena.close();
                throw new SysException("ring_buffer__new for map " + map.name() + ": " + Libc.strerror(errno), errno);
            }
            ring = handle;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(t);
        }
    }

    /** libbpf's sample callback; must never throw into C. */
    private int sample(MemorySegment ctx, MemorySegment data, long size) {
        if (failure != null) {
            return -1;
        }
        try {
            if (size < 0 || size > maxRecord) {
                throw new RingBufferException("record of " + size + " bytes in a ring of " + maxRecord);
            }
            current.onRecord(data.reinterpret(size));
            return 0;
        } catch (RuntimeException e) {
            failure = e;
            return -1;
        }
    }

    @Override
    public int poll(int timeoutMillis, RecordHandler handler) throws SysException {
        current = handler;
        try {
            int n = (int) LibBpf.RING_BUFFER_POLL.invokeExact(ring, timeoutMillis);
            if (failure != null) {
                RuntimeException f = failure;
                failure = null;
                throw f;
            }
            if (n < 0 && -n != Libc.EINTR) {
                throw new SysException("ring_buffer__poll: " + Libc.strerror(-n), -n);
            }
            return Math.max(n, 0);
        } catch (SysException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try {
            LibBpf.RING_BUFFER_FREE.invokeExact(ring);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            arena.close();
        }
    }
}
