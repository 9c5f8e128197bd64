package dev.ecli.runner.sink;

import java.util.ArrayDeque;

/**
 * Events on their way to a remote destination, bounded in count and bytes. An event is held
 * from {@link #offer} until {@link #done}: while it waits here and while the client library
 * has it in flight, so the bound covers everything a broker outage can pile up. One thread
 * offers (never blocking: a full queue drops and counts), one thread takes; completions may
 * come from a third. Every event offered ends counted once: delivered or dropped.
 *
 * @param <T> what is queued
 */
public final class DeliveryQueue<T> {
    /** One queued event and its size. */
    public record Item<T>(T value, int bytes) {}

    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<Item<T>> waiting = new ArrayDeque<>();
    private int held;
    private long heldBytes;
    private long delivered;
    private long dropped;
    /** When an acknowledgement last came, or the queue last became non-empty. */
    private long progressNanos = System.nanoTime();

    /**
     * @param maxEvents most events held at once, at least 1
     * @param maxBytes  most bytes held at once
     */
    public DeliveryQueue(int maxEvents, long maxBytes) {
        if (maxEvents < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive: " + maxEvents + " events, " + maxBytes + " bytes");
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Queues {@code value} unless that would pass a bound; then counts it dropped. Never blocks. */
    public synchronized boolean offer(T value, int bytes) {
        if (held + 1 > maxEvents || heldBytes + bytes > maxBytes) {
            dropped++;
            return false;
        }
        if (held == 0) {
            // Idle until now: the wait for an acknowledgement starts here.
            progressNanos = System.nanoTime();
        }
        held++;
        heldBytes += bytes;
        waiting.addLast(new Item<>(value, bytes));
        if (waiting.size() == 1) {
            notifyAll();
        }
        return true;
    }

    /**
     * The oldest waiting event, left in the queue, waiting up to {@code millis} for one.
     * @return null when none came
     */
    public synchronized Item<T> peek(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (waiting.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return waiting.peekFirst();
    }

    /** Takes the oldest waiting event (from {@link #peek}): it is in flight until {@link #done}. */
    public synchronized Item<T> take() {
        Item<T> i = waiting.pollFirst();
        if (i == null) {
            throw new IllegalStateException("nothing waiting");
        }
        return i;
    }

    /** An event taken from the queue was delivered or given up: it no longer counts against the bounds. */
    public synchronized void done(Item<T> item, boolean ok) {
        held--;
        heldBytes -= item.bytes();
        if (ok) {
            delivered++;
            progressNanos = System.nanoTime();
        } else {
            dropped++;
        }
    }

    /** Gives up every event still waiting (not in flight), counting them dropped; returns how many. */
    public synchronized int dropWaiting() {
        int n = waiting.size();
        for (Item<T> i : waiting) {
            held--;
            heldBytes -= i.bytes();
        }
        waiting.clear();
        dropped += n;
        return n;
    }

    /** Events offered but not yet delivered or given up. */
    public synchronized int held() {
        return held;
    }

    /** Bytes of the events {@link #held()}. */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    /** Events not yet taken. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Events acknowledged so far. */
    public synchronized long delivered() {
        return delivered;
    }

    /** Events refused for want of room, or given up, so far. */
    public synchronized long dropped() {
        return dropped;
    }

    /**
     * How long events have been held without any acknowledgement, in nanoseconds; 0 when
     * nothing is held.
     */
    public synchronized long stalledNanos() {
        return held == 0 ? 0 : System.nanoTime() - progressNanos;
    }

    /** The bound on events. */
    public int maxEvents() {
        return maxEvents;
    }

    /** The bound on bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
