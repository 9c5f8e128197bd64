package dev.ecli.runner.sink;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What a {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC[?NAME=VALUE&...]} sink URI asks for.
 * Parameters:
 * <ul>
 *   <li>{@code queue=N}: events held while the broker is away, default 10000</li>
 *   <li>{@code queue-bytes=SIZE}: bytes of JSON held, default 16m ({@code k}, {@code m}, {@code g})</li>
 *   <li>{@code linger-ms=N}: how long a batch waits for more events, default 100</li>
 *   <li>{@code compression=lz4|gzip|none}: default lz4</li>
 *   <li>{@code host=NAME}: the host name sent with each event, default the kernel's</li>
 *   <li>{@code close-ms=N}: how long the end of a run waits for held events, default 5000</li>
 * </ul>
 *
 * @param servers     bootstrap servers, {@code HOST:PORT,...}
 * @param topic       where events go
 * @param queueEvents most events held (queued or sent but not yet acknowledged)
 * @param queueBytes  most JSON bytes held
 * @param lingerMs    the producer's {@code linger.ms}
 * @param compression the producer's {@code compression.type}
 * @param host        the record key and {@code _host} value; null for the kernel's host name
 * @param closeMs     the longest the end of a run waits for held events
 */
public record KafkaSettings(String servers, String topic, int queueEvents, long queueBytes, int lingerMs,
                            String compression, String host, long closeMs) {
    /** The scheme this class reads. */
    public static final String SCHEME = "kafka";

    private static final List<String> PARAMS =
            List.of("queue", "queue-bytes", "linger-ms", "compression", "host", "close-ms");
    /** Codecs that need no native library (zstd and snappy do, and are not bundled). */
    private static final List<String> CODECS = List.of("lz4", "gzip", "none");

    /**
     * Reads a parsed {@code kafka://} URI.
     * @throws SinkUriException for a missing or invalid topic or an unknown or bad parameter
     */
    public static KafkaSettings of(SinkUri uri) throws SinkUriException {
        if (!uri.scheme().equals(SCHEME)) {
            throw new SinkUriException("not a kafka:// URI");
        }
        String topic = uri.path();
        if (topic.isEmpty()) {
            throw new SinkUriException("missing topic (kafka://HOST:PORT/TOPIC)");
        }
        // Kafka's own rule for topic names.
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            throw new SinkUriException("bad topic '" + topic + "': up to 249 of A-Z a-z 0-9 . _ -");
        }
        Map<String, String> q = uri.query();
        for (String name : q.keySet()) {
            if (!PARAMS.contains(name)) {
                throw new SinkUriException("unknown parameter '" + name + "' (known: " + String.join(", ", PARAMS) + ")");
            }
        }
        int queue = (int) number(q, "queue", 10_000, 1, 10_000_000);
        long bytes = size(q.getOrDefault("queue-bytes", "16m"));
        int linger = (int) number(q, "linger-ms", 100, 0, 60_000);
        long close = number(q, "close-ms", 5_000, 0, 600_000);
        String codec = q.getOrDefault("compression", "lz4").toLowerCase(Locale.ROOT);
        if (!CODECS.contains(codec)) {
            throw new SinkUriException("compression must be one of " + String.join(", ", CODECS) + ", got '"
                    + q.get("compression") + "'");
        }
        String host = q.get("host");
        if (host != null && host.isBlank()) {
            throw new SinkUriException("host must not be empty");
        }
        return new KafkaSettings(uri.serverList(), topic, queue, bytes, linger, codec, host, close);
    }

    private static long number(Map<String, String> q, String name, long def, long min, long max)
            throws SinkUriException {
        String v = q.get(name);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new SinkUriException(name + " must be a number from " + min + " to " + max + ", got '" + v + "'");
    }

    /** {@code 123}, {@code 64k}, {@code 16m}, {@code 1g}: at least 1 KiB, at most 1 GiB. */
    static long size(String v) throws SinkUriException {
        String s = v.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g")) {
            unit = switch (s.charAt(s.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s) * unit;
            if (n >= 1024 && n <= 1L << 30) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new SinkUriException("queue-bytes must be a size from 1k to 1g (e.g. 16m), got '" + v + "'");
    }

    /** The producer's configuration. */
    public Properties producerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("client.id", "ecli-java");
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("linger.ms", Integer.toString(lingerMs));
        p.put("compression.type", compression);
        // Idempotent, acknowledged by all replicas: a retry after a reconnect neither loses
        // nor duplicates a batch.
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        // Our queue bounds what is held, not the producer's clock: a batch waits for the
        // broker as long as the outage lasts (or until the run ends).
        p.put("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE));
        // Only the sink's own thread calls send(); this bounds a metadata wait before it
        // looks at the queue again.
        p.put("max.block.ms", "1000");
        // Room for everything the queue may hold, so send() never waits for buffer space.
        p.put("buffer.memory", Long.toString(Math.max(32L << 20, 2 * queueBytes + 128L * queueEvents)));
        p.put("reconnect.backoff.ms", "100");
        p.put("reconnect.backoff.max.ms", "1000");
        return p;
    }
}
