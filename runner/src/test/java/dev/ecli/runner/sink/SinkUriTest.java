package dev.ecli.runner.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** --sink URIs: what is accepted, the defaults, and one clear reason for each bad one. */
class SinkUriTest {
    private static KafkaSettings kafka(String uri) throws SinkUriException {
        return KafkaSettings.of(SinkUri.parse(uri));
    }

    private static String error(String uri) {
        return assertThrows(SinkUriException.class, () -> Sinks.parse(uri), uri).getMessage();
    }

    @Test
    void serversPathAndQuery() throws Exception {
        SinkUri u = SinkUri.parse("Kafka://a.example:9092,10.0.0.2:19092,[::1]:9093/my.topic-1?queue=5&host=n%201");
        assertEquals("kafka", u.scheme());
        assertEquals(List.of(new SinkUri.Server("a.example", 9092), new SinkUri.Server("10.0.0.2", 19092),
                new SinkUri.Server("[::1]", 9093)), u.servers());
        assertEquals("my.topic-1", u.path());
        assertEquals(Map.of("queue", "5", "host", "n 1"), u.query());
        assertEquals("a.example:9092,10.0.0.2:19092,[::1]:9093", u.serverList());
    }

    @Test
    void kafkaDefaults() throws Exception {
        KafkaSettings k = kafka("kafka://127.0.0.1:9092/events");
        assertEquals("127.0.0.1:9092", k.servers());
        assertEquals("events", k.topic());
        assertEquals(10_000, k.queueEvents());
        assertEquals(16L << 20, k.queueBytes());
        assertEquals(100, k.lingerMs());
        assertEquals("lz4", k.compression());
        assertNull(k.host());
        assertEquals(5_000, k.closeMs());
        Properties p = k.producerProperties();
        assertEquals("lz4", p.get("compression.type"));
        assertEquals("100", p.get("linger.ms"));
        assertEquals("all", p.get("acks"));
        assertEquals("true", p.get("enable.idempotence"));
        // Room in the producer for all the queue may hold, so send() never waits for memory.
        assertTrue(Long.parseLong((String) p.get("buffer.memory")) >= 2 * k.queueBytes());
    }

    @Test
    void kafkaParameters() throws Exception {
        KafkaSettings k = kafka("kafka://h:1/t?queue=5&queue-bytes=64k&linger-ms=0&compression=GZIP&host=node-7"
                + "&close-ms=250");
        assertEquals(5, k.queueEvents());
        assertEquals(64 << 10, k.queueBytes());
        assertEquals(0, k.lingerMs());
        assertEquals("gzip", k.compression());
        assertEquals("node-7", k.host());
        assertEquals(250, k.closeMs());
        assertEquals(3L << 30 >> 2, KafkaSettings.size("768m"));
        assertEquals(2048, KafkaSettings.size("2048"));
    }

    @Test
    void badUrisSayWhatIsWrong() {
        assertEquals("not a sink URI (SCHEME://HOST:PORT/...)", error("127.0.0.1:9092/t"));
        assertEquals("unknown scheme 'otlp' (supported: kafka://HOST:PORT/TOPIC)", error("otlp://h:4317/x"));
        assertEquals("server 'h' has no port (HOST:PORT)", error("kafka://h/t"));
        assertEquals("missing server (HOST:PORT)", error("kafka:///t"));
        assertEquals("missing server (HOST:PORT)", error("kafka://h:1,/t"));
        assertEquals("server 'h:0': port must be 1-65535, got '0'", error("kafka://h:0/t"));
        assertEquals("server 'h:x': port must be 1-65535, got 'x'", error("kafka://h:x/t"));
        assertEquals("server '::1:9092': write an IPv6 address in brackets, [ADDRESS]:PORT", error("kafka://::1:9092/t"));
        assertEquals("server 'h h:1': bad host 'h h'", error("kafka://h h:1/t"));
        assertEquals("missing topic (kafka://HOST:PORT/TOPIC)", error("kafka://h:1"));
        assertEquals("missing topic (kafka://HOST:PORT/TOPIC)", error("kafka://h:1/"));
        assertEquals("bad topic 'a/b': up to 249 of A-Z a-z 0-9 . _ -", error("kafka://h:1/a/b"));
        assertEquals("bad topic '..': up to 249 of A-Z a-z 0-9 . _ -", error("kafka://h:1/.."));
        assertTrue(error("kafka://h:1/" + "x".repeat(250)).startsWith("bad topic"));
        assertEquals("unknown parameter 'qeue' (known: queue, queue-bytes, linger-ms, compression, host, close-ms)",
                error("kafka://h:1/t?qeue=5"));
        assertEquals("queue must be a number from 1 to 10000000, got '0'", error("kafka://h:1/t?queue=0"));
        assertEquals("queue must be a number from 1 to 10000000, got ''", error("kafka://h:1/t?queue"));
        assertEquals("queue-bytes must be a size from 1k to 1g (e.g. 16m), got '2g'", error("kafka://h:1/t?queue-bytes=2g"));
        assertEquals("compression must be one of lz4, gzip, none, got 'zstd'", error("kafka://h:1/t?compression=zstd"));
        assertEquals("parameter 'queue' given twice", error("kafka://h:1/t?queue=1&queue=2"));
        assertEquals("host must not be empty", error("kafka://h:1/t?host="));
        assertEquals("bad %-escape in 'a%zz'", error("kafka://h:1/a%zz"));
    }
}
