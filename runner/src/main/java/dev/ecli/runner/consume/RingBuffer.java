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
 * <p>Each record starts with an 8-byte header: a 32-bit length whose top bit says the producer
 * is still writing it (busy) and the next bit that it was discarded, then 4 bytes we ignore.
 * Records are 8-byte aligned. The consumer position is published with release semantics after
 * each drained batch: the kernel only reuses space behind it, so batching is safe.
 * Not thread-safe: one consumer.
 */
public final class RingBuffer {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int HEADER_SIZE = 8;

    private static final ValueLayout.OfLong POS = ValueLayout.JAVA_LONG.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt LEN = ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder());
    private static final VarHandle POS_HANDLE = POS.varHandle();
    private static final VarHandle LEN_HANDLE = LEN.varHandle();

    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    private final long size;
    private final long mask;

    /**
     * @param consumer memory holding the consumer position at offset 0
     * @param producer memory holding the producer position at offset 0
     * @param data     the data area, {@code 2 * size} bytes (mapped twice)
     * @param size     the ring's size, a power of two
     */
    public RingBuffer(MemorySegment consumer, MemorySegment producer, MemorySegment data, long size) {
        if (size <= 0 || Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size " + size + " is not a power of two");
        }
        if (data.byteSize() < 2 * size || consumer.byteSize() < 8 || producer.byteSize() < 8) {
            throw new IllegalArgumentException("ring memory too small for size " + size);
        }
        this.consumer = consumer;
        this.producer = producer;
        this.data = data;
        this.size = size;
        this.mask = size - 1;
    }

    /**
     * Hands every committed record to {@code handler}, stopping at the first one still being
     * written. Discarded records are skipped.
     * @return the number of records handed over
     * @throws RingBufferException when a length or position is impossible
     */
    public int drain(RecordHandler handler) {
        long cons = (long) POS_HANDLE.getAcquire(consumer, 0L);
        int count = 0;
        boolean progressed;
        do {
            progressed = false;
            long prod = (long) POS_HANDLE.getAcquire(producer, 0L);
            if (prod - cons > size || prod - cons < 0) {
                throw new RingBufferException("ring positions out of range: producer " + prod
                        + ", consumer " + cons + ", size " + size);
            }
            while (cons < prod) {
                long at = cons & mask;
                int header = (int) LEN_HANDLE.getAcquire(data, at);
                if ((header & BUSY_BIT) != 0) {
                    break;
                }
                long len = header & ~(BUSY_BIT | DISCARD_BIT) & 0xffff_ffffL;
                long total = (len + HEADER_SIZE + 7) & ~7L;
                if (total > prod - cons) {
                    throw new RingBufferException("ring record at " + cons + " claims " + len
                            + " bytes, beyond the producer position " + prod);
                }
                if ((header & DISCARD_BIT) == 0) {
                    handler.onRecord(data.asSlice(at + HEADER_SIZE, len));
                    count++;
                }
                cons += total;
                progressed = true;
            }
            if (progressed) {
                POS_HANDLE.setRelease(consumer, 0L, cons);
            }
        } while (progressed);
        return count;
    }

    /** Bytes written by the kernel and not yet consumed. */
    public long pending() {
        return (long) POS_HANDLE.getAcquire(producer, 0L) - (long) POS_HANDLE.getAcquire(consumer, 0L);
    }
}
