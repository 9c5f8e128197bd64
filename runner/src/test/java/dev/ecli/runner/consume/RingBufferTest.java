package dev.ecli.runner.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void emptyAndRingSizedRecordsFit() {
        produce(0);
        assertEquals(List.of(""), drain());
        byte[] big = new byte[(int) SIZE - 8];
        java.util.Arrays.fill(big, (byte) 'z');
        produce((int) SIZE - 8, big);
        assertEquals(List.of(new String(big)), drain());
        assertEquals(prod, consumer.get(POS, 0));
    }

    @Test
    void aLengthOneByteTooLongForTheRingIsRejected() {
        produce(3, "abc".getBytes());
        data.set(LEN, 0, (int) SIZE - 7);
        assertThrows(RingBufferException.class, this::drain);
        assertEquals(0, consumer.get(POS, 0), "nothing consumed");
    }

    @Test
    void aProducerBehindTheConsumerIsRejected() {
        consumer.set(POS, 0, 16);
        producer.set(POS, 0, 8);
        assertThrows(RingBufferException.class, this::drain);
    }

    @Test
    void aRecordWhoseHandlerThrowsIsConsumedAndPublished() {
        produce(1, "a".getBytes());
        produce(1, "b".getBytes());
        List<String> got = new ArrayList<>();
        RuntimeException e = assertThrows(IllegalStateException.class, () -> ring.drain(r -> {
            got.add(new String(r.toArray(ValueLayout.JAVA_BYTE)));
            throw new IllegalStateException("sink failed");
        }));
        assertEquals("sink failed", e.getMessage());
        assertEquals(List.of("a"), got);
        assertEquals(16, consumer.get(POS, 0), "the failed record is not delivered again");
        assertEquals(List.of("b"), drain());
    }

    /** A producer that keeps up with the consumer must not keep one drain call going forever. */
    @Test
    void oneDrainStopsAfterARingsWorth() {
        produce(8, "00000000".getBytes());
        int[] n = {0};
        int count = ring.drain(r -> {
            n[0]++;
            produce(8, "12345678".getBytes());
        });
        assertEquals(n[0], count);
        assertTrue(count * 16L >= SIZE && count * 16L <= 2 * SIZE, "records in one drain: " + count);
        assertEquals(consumer.get(POS, 0), 16L * count);
    }

    @Test
    void pendingCountsUnconsumedBytes() {
        produce(3, "abc".getBytes());
        assertEquals(16, ring.pending());
        drain();
        assertEquals(0, ring.pending());
        assertEquals(SIZE, ring.size());
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer(consumer, producer, data, 48));
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer(consumer, producer, data, 128));
    }
}
