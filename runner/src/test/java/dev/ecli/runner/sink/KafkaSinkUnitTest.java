package dev.ecli.runner.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.OutputOptions;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka sink without a broker: the bytes it sends are the JSON line with {@code _host}
 * first, keyed by host; and with no broker at all, event() still returns at once, the queue
 * holds its bound and every other event is counted dropped.
 */
class KafkaSinkUnitTest {
    private static EventStream allKinds() throws Exception {
        Path root = Path.of(System.getProperty("ecli.repoRoot", ".."));
        Btf btf = Btf.fromElf(ElfFile.read(root.resolve("runner/src/test/bpf/allkinds/allkinds.bpf.o")));
        return new EventStream("events", DecodePlan.compile(btf, "allkinds"));
    }

    private static MemorySegment randomRecord(EventStream s, long seed) {
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size());
        byte[] b = new byte[(int) r.byteSize()];
        new Random(seed).nextBytes(b);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, r, 0, b.length);
        return r;
    }

    @Test
    void sendsTheJsonLineWithHostFirstKeyedByHost() throws Exception {
        EventStream s = allKinds();
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        DeliveryQueue<KafkaDelivery.Event> q = new DeliveryQueue<>(100, 1 << 20);
        KafkaSink sink = KafkaSink.over(producer, q, "t", "node \"1\"", 1000,
                out -> new JsonSink(out, OutputOptions.NONE.flushing(true)));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        JsonSink json = new JsonSink(stdout, OutputOptions.NONE);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            MemorySegment r = randomRecord(s, i);
            sink.event(s, r);
            json.event(s, r);
        }
        json.flush();
        sink.close();
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(20, sent.size());
        for (int i = 0; i < 20; i++) {
            ProducerRecord<byte[], byte[]> rec = sent.get(i);
            assertEquals("t", rec.topic());
            assertEquals("node \"1\"", new String(rec.key(), StandardCharsets.UTF_8));
            assertEquals("{\"_host\":\"node \\\"1\\\"\"," + lines[i].substring(1),
                    new String(rec.value(), StandardCharsets.UTF_8));
            assertTrue(rec.timestamp() >= before && rec.timestamp() <= System.currentTimeMillis());
        }
        assertEquals(20, sink.delivered());
        assertEquals(0, sink.dropped());
    }

    /** With no broker and no events, the sink says so by itself, in one line of its own. */
    @Test
    void noBrokerIsToldWithoutEvents() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        java.io.PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            KafkaSink sink = KafkaSink.open(KafkaSettings.of(SinkUri.parse("kafka://127.0.0.1:" + port
                    + "/t?close-ms=0")), "kafka://127.0.0.1:" + port + "/t",
                    out -> new JsonSink(out, OutputOptions.NONE.flushing(true)));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (captured.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            sink.close();
        } finally {
            System.setErr(err);
        }
        String said = captured.toString(StandardCharsets.UTF_8);
        assertTrue(said.matches("ecli-java: sink kafka://127\\.0\\.0\\.1:" + port + "/t: no answer about topic t for"
                + " [3-9] s \\(broker away, or the topic missing and not created automatically\\); holding up to 10000"
                + " events \\(16384 KiB\\), dropping the rest\n"), said);
    }

    @Test
    void noBrokerNeverBlocksTheCallerAndCountsEveryDrop() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EventStream s = allKinds();
        MemorySegment r = randomRecord(s, 1);
        KafkaSettings settings = KafkaSettings.of(SinkUri.parse("kafka://127.0.0.1:" + port
                + "/t?queue=100&close-ms=300"));
        KafkaSink sink = KafkaSink.open(settings, "test", out -> new JsonSink(out, OutputOptions.NONE.flushing(true)));
        long worst = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            long t = System.nanoTime();
            sink.event(s, r);
            worst = Math.max(worst, System.nanoTime() - t);
        }
        long total = System.nanoTime() - start;
        // Nothing waits for the network: the producer's metadata wait (max.block.ms = 1 s) is
        // on the sink's own thread.
        assertTrue(worst < 200_000_000L, "slowest event() took " + worst / 1_000_000 + " ms");
        assertTrue(total < 2_000_000_000L, "5000 events took " + total / 1_000_000 + " ms");
        assertEquals(4_900, sink.dropped(), "all but the queue's 100 dropped at once");
        long t = System.nanoTime();
        sink.close();
        assertTrue(System.nanoTime() - t < 3_000_000_000L, "close waits about close-ms, then gives up");
        assertEquals(5_000, sink.dropped(), "the 100 held are dropped at close");
        assertEquals(0, sink.delivered());
    }
}
