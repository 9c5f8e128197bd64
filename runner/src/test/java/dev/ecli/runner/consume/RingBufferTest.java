package dev.ecli.runner.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring's position arithmetic on plain memory, playing the kernel's part by hand. */
class RingBufferTest {
    private static final ValueLayout.OfLong POS = ValueLayout.JAVA_LONG.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt LEN = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final long SIZE = 64;

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment consumer = arena.allocate(8, 8);
    private final MemorySegment producer = arena.allocate(8, 8);
    /** The kernel maps the data twice; here the second half mirrors the first by hand. */
    private final MemorySegment data = arena.allocate(2 * SIZE, 8);
    private final RingBuffer ring = new RingBuffer(consumer, producer, data, SIZE);
    private long prod;

    /** Writes a record as the kernel would: header, payload, mirrored, then publishes. */
    private void produce(int header, byte... payload) {
        long at = prod & (SIZE - 1);
        long total = (payload.length + 8 + 7) & ~7L;
        byte[] rec = new byte[(int) total];
        MemorySegment r = MemorySegment.ofArray(rec);
        r.set(LEN, 0, header);
        System.arraycopy(payload, 0, rec, 8, payload.length);
        for (int i = 0; i < total; i++) {
            long p = (at + i) & (SIZE - 1);
            data.set(ValueLayout.JAVA_BYTE, p, rec[i]);
            data.set(ValueLayout.JAVA_BYTE, p + SIZE, rec[i]);
        }
        prod += total;
        producer.set(POS, 0, prod);
    }

    private List<String> drain() {
        List<String> got = new ArrayList<>();
        ring.drain(r -> got.add(new String(r.toArray(ValueLayout.JAVA_BYTE))));
        return got;
    }

    @Test
    void deliversRecordsInOrderAndAdvancesTheConsumer() {
        produce(3, "abc".getBytes());
        produce(8, "12345678".getBytes());
        assertEquals(List.of("abc", "12345678"), drain());
        assertEquals(prod, consumer.get(POS, 0));
        assertEquals(List.of(), drain());
    }

    @Test
    void recordsWrapAroundTheEndContiguously() {
        for (int round = 0; round < 10; round++) {
            produce(13, ("record-" + round + "-xxxx").substring(0, 13).getBytes());
            assertEquals(List.of(("record-" + round + "-xxxx").substring(0, 13)), drain());
        }
        assertEquals(10 * 24, consumer.get(POS, 0));
    }

    @Test
    void skipsDiscardedRecords() {
        produce(RingBuffer.DISCARD_BIT | 2, "no".getBytes());
        produce(3, "yes".getBytes());
        assertEquals(List.of("yes"), drain());
        assertEquals(prod, consumer.get(POS, 0));
    }

    @Test
    void stopsAtABusyRecordAndResumesLater() {
        produce(1, "a".getBytes());
        long busyAt = prod;
        produce(RingBuffer.BUSY_BIT | 1, "b".getBytes());
        assertEquals(List.of("a"), drain());
        assertEquals(busyAt, consumer.get(POS, 0));
        data.set(LEN, busyAt & (SIZE - 1), 1);
        assertEquals(List.of("b"), drain());
    }

    @Test
    void corruptedLengthNeverReadsOutsideTheRing() {
        produce(3, "abc".getBytes());
        data.set(LEN, 0, 0x3fff_fff0);
        assertThrows(RingBufferException.class, this::drain);
    }

    @Test
    void impossibleProducerPositionIsRejected() {
        producer.set(POS, 0, SIZE * 4);
        assertThrows(RingBufferException.class, this::drain);
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer(consumer, producer, data, 48));
    }
}
