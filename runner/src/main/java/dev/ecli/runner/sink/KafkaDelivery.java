package dev.ecli.runner.sink;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The thread between a {@link KafkaSink}'s queue and its producer. It is the only caller of
 * {@link Producer#send}, which may wait for topic metadata: that wait happens here, never on
 * the thread reading the ring buffers. Connection trouble becomes one status line on stderr
 * when it starts and one when delivery resumes (the client library's own logging is off).
 */
final class KafkaDelivery {
    /** A formatted event and when it was read (epoch milliseconds). */
    record Event(byte[] value, long millis) {}

    /** How often the thread looks at the queue's health when idle. */
    private static final long POLL_MILLIS = 200;
    /** Held events with no acknowledgement for this long mean the broker is away. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final Producer<byte[], byte[]> producer;
    private final DeliveryQueue<Event> queue;
    private final String topic;
    private final byte[] key;
    private final String label;
    private final long closeMillis;
    private final Thread thread;
    private volatile boolean closing;
    private volatile long closeDeadline;
    /** The last metadata wait for the topic timed out, and since when they have. */
    private boolean noMetadata;
    private long noMetadataSince;
    /** The topic's metadata came at least once. */
    private boolean metadataSeen;
    /** A trouble line was printed and no "delivering again" yet. */
    private boolean trouble;
    private long deliveredAtTrouble;
    /** Kinds of rejection already reported, so a bad record type is told once. */
    private final Set<String> rejections = ConcurrentHashMap.newKeySet();

    KafkaDelivery(Producer<byte[], byte[]> producer, DeliveryQueue<Event> queue, String topic, byte[] key,
                  String label, long closeMillis) {
        this.producer = producer;
        this.queue = queue;
        this.topic = topic;
        this.key = key;
        this.label = label;
        this.closeMillis = closeMillis;
        this.thread = Thread.ofPlatform().daemon().name("sink-" + topic).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                DeliveryQueue.Item<Event> item = queue.peek(POLL_MILLIS);
                if (closing && (item == null || System.nanoTime() - closeDeadline > 0)) {
                    break;
                }
                // Until the first metadata arrives, ask for it even with nothing to send: a wrong
                // address or an absent broker is told at start, not at the first event.
                if ((item != null || !metadataSeen) && topicKnown() && item != null) {
                    send(queue.take());
                }
                watch();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // What the broker has not acknowledged by the deadline fails in the callbacks
            // (counted there); what never left the queue is counted here.
            long left = closing ? Math.max(0, closeDeadline - System.nanoTime()) : 0;
            try {
                producer.close(Duration.ofNanos(left));
            } catch (KafkaException e) {
                // Closing anyway.
            }
            queue.dropWaiting();
        }
    }

    /**
     * Whether the producer knows the topic's partitions, so that {@code send} will not wait
     * for metadata; asks the broker when it does not (up to the producer's max.block.ms).
     */
    private boolean topicKnown() {
        try {
            producer.partitionsFor(topic);
            noMetadata = false;
            metadataSeen = true;
            return true;
        } catch (TimeoutException e) {
            // Told by watch() once this has lasted STALL_NANOS: a first connection to a busy
            // broker may well take longer than one metadata wait.
            if (!noMetadata) {
                noMetadata = true;
                noMetadataSince = System.nanoTime();
            }
            return false;
        } catch (KafkaException e) {
            trouble(e.getMessage());
            pause();
            return false;
        }
    }

    private void send(DeliveryQueue.Item<Event> item) {
        Event e = item.value();
        try {
            producer.send(new ProducerRecord<>(topic, null, e.millis(), key, e.value()), (meta, failure) -> {
                queue.done(item, failure == null);
                if (failure != null && !closing && rejections.add(failure.getClass().getName())) {
                    System.err.println("ecli-java: sink " + label + ": event not delivered: " + failure.getMessage());
                }
            });
        } catch (KafkaException | IllegalStateException ex) {
            // Thrown (not passed to the callback) for errors outside the record's delivery.
            queue.done(item, false);
            if (rejections.add(ex.getClass().getName())) {
                System.err.println("ecli-java: sink " + label + ": event not delivered: " + ex.getMessage());
            }
        }
    }

    /**
     * Tells once when held events stop being acknowledged (or the topic's metadata does not
     * come), and once when they are again.
     */
    private void watch() {
        if (trouble) {
            if (queue.delivered() > deliveredAtTrouble) {
                trouble = false;
                System.err.println("ecli-java: sink " + label + ": delivering again");
            } else if (!noMetadata && queue.held() == 0) {
                trouble = false;
                System.err.println("ecli-java: sink " + label + ": broker reachable again");
            }
        } else if (queue.stalledNanos() > STALL_NANOS) {
            long s = TimeUnit.NANOSECONDS.toSeconds(queue.stalledNanos());
            trouble(noMetadata ? noAnswer(s) : "broker not answering for " + s + " s");
        } else if (noMetadata && System.nanoTime() - noMetadataSince > STALL_NANOS) {
            trouble(noAnswer(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - noMetadataSince)));
        }
    }

    private String noAnswer(long seconds) {
        return "no answer about topic " + topic + " for " + seconds + " s (broker away, or the topic missing and"
                + " not created automatically)";
    }

    private void trouble(String what) {
        if (trouble || closing) {
            return;
        }
        trouble = true;
        deliveredAtTrouble = queue.delivered();
        System.err.println("ecli-java: sink " + label + ": " + what + "; holding up to " + queue.maxEvents()
                + " events (" + (queue.maxBytes() >> 10) + " KiB), dropping the rest");
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the thread to send what is held and stop, and waits for it (bounded by close-ms). */
    void close() {
        closeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeMillis);
        closing = true;
        try {
            // The producer's close is bounded by the deadline; a metadata wait adds at most max.block.ms.
            thread.join(closeMillis + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
