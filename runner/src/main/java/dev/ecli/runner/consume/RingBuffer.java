package dev.ecli.runner.consume;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The consumer side of a BPF ring buffer, over three pieces of memory: the consumer page
 * (consumer position, written by us), the producer page (producer position, written by the
 * kernel) and the data area, mapped twice in a row so that no record wraps. Holds only
 * position arithmetic, so it can be tested on plain memory.
 *
 * <pre>
 *  data: | hdr | payload ... pad | hdr | payload | ...      (positions grow forever; offset = pos &amp; (size-1))
 *  hdr:  u32 len (bit 31 busy: still being written, bit 30 discarded) | u32 page offset (ignored)
 * </pre>
 *
 * Records are 8-byte aligned. Positions and headers are read with acquire semantics, and the
 * consumer position is published with release semantics every {@value #RELEASE_BYTES} bytes
 * (or quarter ring, if smaller) consumed and at the end of each pass, not after every record
 * as libbpf does: the kernel only reuses space behind it, so batching is safe. The step is
 * small so that a consumer lagging behind a flood gives space back to the producer almost as
 * soon as it has read it (a quarter of a 16 MiB ring held back cost 13% of the records of a
 * 600k/s flood). Not thread-safe: one consumer.
 */
public final class RingBuffer {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int HEADER_SIZE = 8;
    static final long RELEASE_BYTES = 64 * 1024;

    private static final ValueLayout.OfLong POS = ValueLayout.JAVA_LONG.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt LEN = ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder());
    private static final VarHandle POS_HANDLE = POS.varHandle();
    private static final VarHandle LEN_HANDLE = LEN.varHandle();

    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    private final long size;
    private final long mask;
    private final long releaseEvery;

    /**
     * @param consumer memory holding the consumer position at offset 0 (8-byte aligned)
     * @param producer memory holding the producer position at offset 0 (8-byte aligned)
     * @param data     the data area, at least {@code 2 * size} bytes (mapped twice)
     * @param size     the ring's size, a power of two of at least 8 bytes
     * @throws IllegalArgumentException when the memory does not fit that description
     */
    public RingBuffer(MemorySegment consumer, MemorySegment producer, MemorySegment data, long size) {
        if (size < HEADER_SIZE || Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size " + size + " is not a power of two of at least 8");
        }
        if (data.byteSize() < 2 * size || consumer.byteSize() < 8 || producer.byteSize() < 8) {
            throw new IllegalArgumentException("ring memory too small for size " + size);
        }
        this.consumer = consumer;
        this.producer = producer;
        this.data = data;
        this.size = size;
        this.mask = size - 1;
        this.releaseEvery = Math.max(Math.min(size / 4, RELEASE_BYTES), HEADER_SIZE);
    }

    /**
     * Hands committed records to {@code handler} in order, stopping at the first one still
     * being written, when the ring is empty, or after a ring's worth of bytes (so a caller
     * under a flood of events still gets control back). Discarded records are skipped. A
     * record whose handler throws counts as consumed, as in libbpf: it is not delivered again.
     * @return the number of records handed over
     * @throws RingBufferException when a position or length is impossible (corrupted ring):
     *     nothing outside the ring is read
     */
    public int drain(RecordHandler handler) {
        long cons = (long) POS_HANDLE.getAcquire(consumer, 0L);
        long released = cons;
        long start = cons;
        int count = 0;
        try {
            boolean progressed;
            do {
                progressed = false;
                long prod = (long) POS_HANDLE.getAcquire(producer, 0L);
                long avail = prod - cons;
                if (avail < 0 || avail > size) {
                    throw new RingBufferException("ring positions out of range: producer " + prod
                            + ", consumer " + cons + ", size " + size);
                }
                while (cons < prod) {
                    long at = cons & mask;
                    int header = (int) LEN_HANDLE.getAcquire(data, at);
                    if ((header & BUSY_BIT) != 0) {
                        return count;
                    }
                    long len = header & ~(BUSY_BIT | DISCARD_BIT);
                    long total = (len + HEADER_SIZE + 7) & ~7L;
                    if (total > prod - cons) {
                        throw new RingBufferException("ring record at " + cons + " claims " + len
                                + " bytes, beyond the producer position " + prod);
                    }
                    cons += total;
                    progressed = true;
                    if ((header & DISCARD_BIT) == 0) {
                        count++;
                        handler.onRecord(data.asSlice(at + HEADER_SIZE, len));
                    }
                    if (cons - released >= releaseEvery) {
                        POS_HANDLE.setRelease(consumer, 0L, cons);
                        released = cons;
                    }
                }
            } while (progressed && cons - start < size);
            return count;
        } finally {
            if (cons != released) {
                POS_HANDLE.setRelease(consumer, 0L, cons);
            }
        }
    }

    /** Bytes written (or being written) by the kernel and not yet consumed. */
    public long pending() {
        return (long) POS_HANDLE.getAcquire(producer, 0L) - (long) POS_HANDLE.getAcquire(consumer, 0L);
    }

    /** The ring's data size in bytes. */
    public long size() {
        return size;
    }
}
