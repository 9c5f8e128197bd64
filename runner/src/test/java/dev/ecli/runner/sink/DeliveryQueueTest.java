package dev.ecli.runner.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded queue: both bounds, in-flight events count against them, every event ends counted once. */
class DeliveryQueueTest {
    @Test
    void boundedByCountIncludingInFlight() throws Exception {
        DeliveryQueue<String> q = new DeliveryQueue<>(3, 1 << 20);
        assertTrue(q.offer("a", 10));
        assertTrue(q.offer("b", 10));
        DeliveryQueue.Item<String> a = q.peek(0);
        assertEquals("a", a.value());
        assertEquals(a, q.take());
        // "a" is in flight: it still takes room.
        assertTrue(q.offer("c", 10));
        assertFalse(q.offer("d", 10));
        assertEquals(1, q.dropped());
        assertEquals(3, q.held());
        assertEquals(2, q.waiting());
        q.done(a, true);
        assertTrue(q.offer("e", 10));
        assertEquals(1, q.delivered());
        assertEquals(List.of("b", "c", "e"), takeAll(q));
    }

    @Test
    void boundedByBytes() {
        DeliveryQueue<String> q = new DeliveryQueue<>(100, 100);
        assertTrue(q.offer("a", 60));
        assertFalse(q.offer("b", 41));
        assertTrue(q.offer("c", 40));
        assertFalse(q.offer("d", 1));
        assertEquals(2, q.dropped());
        assertEquals(100, q.heldBytes());
    }

    @Test
    void failedAndLeftOverEventsAreDropped() throws Exception {
        DeliveryQueue<String> q = new DeliveryQueue<>(10, 1000);
        for (String s : List.of("a", "b", "c", "d")) {
            q.offer(s, 1);
        }
        q.peek(0);
        DeliveryQueue.Item<String> a = q.take();
        q.peek(0);
        DeliveryQueue.Item<String> b = q.take();
        q.done(a, true);
        q.done(b, false);
        assertEquals(2, q.dropWaiting());
        assertEquals(1, q.delivered());
        assertEquals(3, q.dropped());
        assertEquals(0, q.held());
        assertEquals(0, q.heldBytes());
    }

    @Test
    void peekWaitsThenGivesUp() throws Exception {
        DeliveryQueue<String> q = new DeliveryQueue<>(1, 10);
        long t = System.nanoTime();
        assertNull(q.peek(50));
        assertTrue(System.nanoTime() - t >= 45_000_000L);
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            q.offer("x", 1);
        });
        assertEquals("x", q.peek(5_000).value());
    }

    @Test
    void stallClockStartsWhenEventsArriveAndResetsOnDelivery() throws Exception {
        DeliveryQueue<String> q = new DeliveryQueue<>(10, 100);
        Thread.sleep(20);
        assertEquals(0, q.stalledNanos());
        q.offer("a", 1);
        assertTrue(q.stalledNanos() < 15_000_000L, "idle time before the event does not count");
        Thread.sleep(20);
        assertTrue(q.stalledNanos() >= 20_000_000L);
        q.peek(0);
        q.done(q.take(), true);
        assertEquals(0, q.stalledNanos());
    }

    /** Many offers against a slow taker: offered = delivered + dropped, exactly. */
    @Test
    void everyEventEndsCountedOnce() throws Exception {
        DeliveryQueue<Integer> q = new DeliveryQueue<>(64, 1 << 20);
        AtomicLong taken = new AtomicLong();
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; ; i++) {
                    DeliveryQueue.Item<Integer> it = q.peek(200);
                    if (it == null) {
                        return;
                    }
                    q.done(q.take(), i % 7 != 0);
                    taken.incrementAndGet();
                    if (i % 100 == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int offered = 200_000;
        for (int i = 0; i < offered; i++) {
            q.offer(i, 8);
        }
        taker.join();
        assertEquals(offered, q.delivered() + q.dropped());
        assertTrue(q.dropped() > 0 && q.delivered() > 0, q.delivered() + " / " + q.dropped());
        assertEquals(0, q.held());
    }

    private static List<String> takeAll(DeliveryQueue<String> q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        while (q.peek(0) != null) {
            out.add(q.take().value());
        }
        return out;
    }
}
