package dev.ecli.runner.sink;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.sys.HostName;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * Sends each event to a Kafka topic as its JSON object (the line {@code -o json} writes, with
 * {@code "_host"} first), keyed by the host name so one host's events stay in order in one
 * partition. The record's timestamp is when the event was read.
 *
 * <p>{@link #event} only formats and queues: a {@link KafkaDelivery} thread hands the queue to
 * the producer, which batches, compresses, retries and reconnects. While the broker is away
 * the queue fills up to its bounds and the rest is dropped and counted.
 */
public final class KafkaSink implements Sink {
    /** The JSON key of the host name. */
    public static final String HOST_KEY = "_host";

    private final DeliveryQueue<KafkaDelivery.Event> queue;
    private final JsonRecord json;
    private final KafkaDelivery delivery;

    private KafkaSink(DeliveryQueue<KafkaDelivery.Event> queue, JsonRecord json, KafkaDelivery delivery) {
        this.queue = queue;
        this.json = json;
        this.delivery = delivery;
    }

    /**
     * Creates the producer and starts delivering.
     * @param settings what the URI asked for
     * @param label    how status lines name this sink, e.g. the URI
     * @param json     makes the JSON writer (the one {@code -o json} uses) over a stream; it
     *                 must flush after each event
     * @throws SinkUriException when the client refuses the settings (e.g. no server resolves)
     */
    public static KafkaSink open(KafkaSettings settings, String label, Function<OutputStream, JsonSink> json)
            throws SinkUriException {
        String host = settings.host() != null ? settings.host() : HostName.get();
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(settings.producerProperties());
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null && e.getMessage() != null
                    && e.getMessage().startsWith("Failed to construct") ? e.getCause() : e;
            throw new SinkUriException(String.valueOf(cause.getMessage()));
        }
        DeliveryQueue<KafkaDelivery.Event> queue = new DeliveryQueue<>(settings.queueEvents(), settings.queueBytes());
        KafkaDelivery d = new KafkaDelivery(producer, queue, settings.topic(), host.getBytes(StandardCharsets.UTF_8),
                label, settings.closeMs());
        KafkaSink sink = new KafkaSink(queue, new JsonRecord(json, Map.of(HOST_KEY, host)), d);
        d.start();
        return sink;
    }

    /** For tests: a sink over any producer. */
    static KafkaSink over(Producer<byte[], byte[]> producer, DeliveryQueue<KafkaDelivery.Event> queue, String topic,
                          String host, long closeMs, Function<OutputStream, JsonSink> json) {
        KafkaDelivery d = new KafkaDelivery(producer, queue, topic, host.getBytes(StandardCharsets.UTF_8), topic,
                closeMs);
        KafkaSink sink = new KafkaSink(queue, new JsonRecord(json, Map.of(HOST_KEY, host)), d);
        d.start();
        return sink;
    }

    /** Formats and queues the event; never waits for the network. */
    @Override
    public void event(EventStream stream, MemorySegment record) throws IOException {
        byte[] value = json.format(stream, record);
        queue.offer(new KafkaDelivery.Event(value, System.currentTimeMillis()), value.length);
    }

    /** Nothing to do: the producer sends batches as they fill or linger out. */
    @Override
    public void flush() {}

    @Override
    public long dropped() {
        return queue.dropped();
    }

    /** Events the broker acknowledged so far. */
    public long delivered() {
        return queue.delivered();
    }

    /**
     * Sends what is held, waiting at most the settings' {@code close-ms} for the broker, then
     * counts what is left as dropped and closes the producer.
     */
    @Override
    public void close() {
        delivery.close();
    }
}
