package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sink kafka://} against a real single-node KRaft broker: a consumer reads back the
 * exit the test caused with its exact fields and the host name; and with the broker stopped
 * mid-run and started again, events after the restart arrive, the sink's drop count equals
 * exactly what never arrived, and the runner went on decoding through the outage.
 */
@Tag("bpf")
class KafkaSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PKG = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();

    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        RunnerProcess.requireBpf();
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static String hostName() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> c = broker.consumer();
        TopicPartition tp = new TopicPartition(topic, 0);
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        return c;
    }

    /** Polls into {@code into} until {@code done} holds, failing after {@code seconds}. */
    private static void pollUntil(KafkaConsumer<String, String> c, List<ConsumerRecord<String, String>> into,
                                  Predicate<List<ConsumerRecord<String, String>>> done, int seconds, String what,
                                  RunnerProcess r) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.test(into)) {
            if (System.nanoTime() > deadline) {
                fail("Kafka: " + what + " not within " + seconds + " s; got " + into.stream().map(x -> x.value())
                        .toList() + "; runner stdout " + r.allStdout + "; stderr " + r.stderr);
            }
            c.poll(KafkaBroker.poll()).forEach(into::add);
        }
    }

    @Test
    void consumerReadsTheExitWithExactFields() throws Exception {
        String topic = KafkaBroker.newTopic("exits");
        broker.createTopic(topic);
        Path cg = TestCgroup.create("ecli-kafka-exact-" + ProcessHandle.current().pid());
        try (RunnerProcess r = RunnerProcess.start("run", PKG, "-o", "json", "--sink",
                "kafka://" + broker.bootstrap() + "/" + topic + "?linger-ms=10", "--cgroup", cg.toString());
             KafkaConsumer<String, String> c = consumer(topic)) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = inCgroup(cg, 7);
            assertEquals(7, child.waitFor());
            String pidKey = "\"pid\":" + child.pid() + ",";
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            pollUntil(c, got, l -> l.stream().anyMatch(x -> x.value().contains(pidKey)), 30, "the exit", r);
            ConsumerRecord<String, String> rec = got.stream().filter(x -> x.value().contains(pidKey)).findFirst()
                    .orElseThrow();
            JsonNode e = JSON.readTree(rec.value());
            String host = hostName();
            assertEquals(host, rec.key(), "keyed by host name");
            assertEquals(host, e.get("_host").asText());
            assertEquals(child.pid(), e.get("pid").asLong());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals(7, e.get("exit_code").asInt());
            assertEquals("sh", e.get("comm").asText());
            assertEquals("_host", e.fieldNames().next(), "host first");
            // The same bytes -o json printed, with the host added in front.
            String line = r.awaitLine(l -> l.contains(pidKey), 10);
            assertEquals("{\"_host\":" + JSON.writeValueAsString(host) + "," + line.substring(1), rec.value());
            assertTrue(Math.abs(rec.timestamp() - System.currentTimeMillis()) < 60_000, "timestamp " + rec.timestamp());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            // Nothing lost, and no logging of the client library's own.
            assertTrue(r.stderr.stream().noneMatch(l -> l.contains("dropped") || l.contains("not delivered")
                    || l.contains("WARN") || l.contains("SLF4J") || l.contains("org.apache")), "stderr: " + r.stderr);
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    /** -o none with two --sink: nothing on stdout, the exit in both topics, the same bytes. */
    @Test
    void twoSinksAndNothingOnStdout() throws Exception {
        String a = KafkaBroker.newTopic("a");
        String b = KafkaBroker.newTopic("b");
        broker.createTopic(a);
        broker.createTopic(b);
        Path cg = TestCgroup.create("ecli-kafka-two-" + ProcessHandle.current().pid());
        String base = "kafka://" + broker.bootstrap() + "/";
        try (RunnerProcess r = RunnerProcess.start("run", PKG, "-o", "none", "--cgroup", cg.toString(),
                "--sink", base + a + "?linger-ms=10&compression=gzip", "--sink", base + b + "?host=node-b");
             KafkaConsumer<String, String> ca = consumer(a); KafkaConsumer<String, String> cb = consumer(b)) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = inCgroup(cg, 5);
            assertEquals(5, child.waitFor());
            String pidKey = "\"pid\":" + child.pid() + ",";
            List<ConsumerRecord<String, String>> gotA = new ArrayList<>();
            List<ConsumerRecord<String, String>> gotB = new ArrayList<>();
            pollUntil(ca, gotA, l -> l.stream().anyMatch(x -> x.value().contains(pidKey)), 30, "the exit in " + a, r);
            pollUntil(cb, gotB, l -> l.stream().anyMatch(x -> x.value().contains(pidKey)), 30, "the exit in " + b, r);
            String va = gotA.stream().filter(x -> x.value().contains(pidKey)).findFirst().orElseThrow().value();
            ConsumerRecord<String, String> rb = gotB.stream().filter(x -> x.value().contains(pidKey)).findFirst()
                    .orElseThrow();
            assertEquals("node-b", rb.key());
            assertEquals(va.replace("\"_host\":" + JSON.writeValueAsString(hostName()), "\"_host\":\"node-b\""),
                    rb.value());
            assertEquals(5, JSON.readTree(va).get("exit_code").asInt());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            assertEquals(List.of(), r.allStdout);
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    /**
     * A shell that moves itself into {@code cg} and exits with {@code code}. The runner is
     * given --cgroup, filtered in the kernel: an exit storm elsewhere on the machine cannot fill
     * its ring buffer and cost the test's own events.
     */
    private static Process inCgroup(Path cg, int code) throws Exception {
        return new ProcessBuilder("sh", "-c", "echo $$ > " + cg.resolve("cgroup.procs") + " && exit " + code).start();
    }

    /**
     * Five marker exits before the outage, twenty while the broker is down (queue of five
     * events), ten after it is back. Markers exit in a cgroup of the test's and the runner
     * traces only that cgroup, so every event the sink sees is one the test caused.
     */
    @Test
    void brokerOutageDropsExactlyWhatItCounts() throws Exception {
        String topic = KafkaBroker.newTopic("outage");
        broker.createTopic(topic);
        Path cg = TestCgroup.create("ecli-kafka-outage-" + ProcessHandle.current().pid());
        int metricsPort = PrometheusServer.freePort();
        try (RunnerProcess r = RunnerProcess.start("run", PKG, "-o", "json", "--cgroup", cg.toString(),
                "--metrics", "127.0.0.1:" + metricsPort, "--sink", "kafka://" + broker.bootstrap() + "/" + topic + "?queue=5&linger-ms=10&close-ms=10000");
             KafkaConsumer<String, String> c = consumer(topic)) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            // Phase codes: 1-5 before, 10-29 during the outage, 40-49 after.
            List<Long> before = exits(cg, 1, 5);
            pollUntil(c, got, l -> received(l, before) == before.size(), 30, "the 5 exits before the outage", r);

            broker.stop();
            List<Long> during = exits(cg, 10, 20);
            for (long pid : during) {
                r.awaitLine(l -> l.contains("\"pid\":" + pid + ","), 10);
            }
            // The live warnings: drops (the queue holds 5) and the sink's own trouble line.
            r.awaitStderr(l -> l.contains("events dropped by sinks"), 10);
            r.awaitStderr(l -> l.contains("sink kafka://") && l.contains("holding up to 5 events"), 15);

            broker.start();
            broker.awaitLeader(topic);
            r.awaitStderr(l -> l.contains("sink kafka://") && l.contains("delivering again"), 60);
            // Every held event is delivered (or given up) before the queue has room again.
            pollUntil(c, got, l -> received(l, during) + liveSinkDrops(r) == during.size(), 30,
                    "the outage's exits, delivered or counted", r);
            // One at a time: a queue of 5 is also the bound while the broker is up.
            List<Long> after = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                after.addAll(exits(cg, 40 + i, 1));
                pollUntil(c, got, l -> received(l, after) == after.size(), 30, "exit " + (40 + i) + " after the restart", r);
            }

            // The same count, as Prometheus would scrape it.
            String metric = "ecli_sink_dropped_total{package=\"exitsnoop\"} ";
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            double scraped = body.lines().filter(l -> l.startsWith(metric))
                    .mapToDouble(l -> Double.parseDouble(l.substring(metric.length()))).findFirst().orElse(-1);

            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            String summary = r.stderr.stream().filter(l -> l.contains(" in ") && l.contains("stopped:")).findFirst()
                    .orElseThrow();
            long reported = count(summary, "(\\d+) dropped by sinks");
            assertEquals(reported, scraped, "--metrics " + metric + "; " + body);
            long produced = before.size() + during.size() + after.size();
            long receivedAll = received(got, before) + received(got, during) + received(got, after);
            System.out.printf("kafka outage: produced %d marker exits (%d before, %d during, %d after);"
                    + " received %d (%d during); sink reported %d dropped; summary: %s%n", produced, before.size(),
                    during.size(), after.size(), receivedAll, received(got, during), reported, summary);
            assertEquals(produced - receivedAll, reported, "dropped = produced - received; stderr: " + r.stderr);
            assertEquals(15, reported, "a queue of 5 keeps 5 of the 20 outage exits");
            assertEquals(got.size(), got.stream().map(ConsumerRecord::value).distinct().count(), "no duplicates");
            // The runner kept decoding: stdout has every marker exit, the lost ones too.
            for (long pid : concat(before, during, after)) {
                assertTrue(r.allStdout.stream().anyMatch(l -> l.contains("\"pid\":" + pid + ",")), "pid " + pid);
            }
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    /** Runs {@code n} shells in cgroup {@code cg} exiting {@code first}, {@code first + 1}, ...; returns their pids. */
    private static List<Long> exits(Path cg, int first, int n) throws Exception {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Process p = inCgroup(cg, first + i);
            assertEquals(first + i, p.waitFor());
            pids.add(p.pid());
        }
        return pids;
    }

    /** How many of {@code pids} are among the records (each once). */
    private static long received(List<ConsumerRecord<String, String>> records, List<Long> pids) {
        Map<Long, Integer> seen = new HashMap<>();
        for (ConsumerRecord<String, String> rec : records) {
            Matcher m = Pattern.compile("\"pid\":(\\d+),").matcher(rec.value());
            if (m.find()) {
                seen.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            }
        }
        return pids.stream().filter(seen::containsKey).count();
    }

    /** The total of the last live sink-drop warning ("..., N in all"). */
    private static long liveSinkDrops(RunnerProcess r) {
        long n = 0;
        for (String l : List.copyOf(r.stderr)) {
            if (l.contains("dropped by sinks")) {
                n = count(l, "(\\d+) in all");
            }
        }
        return n;
    }

    private static long count(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @SafeVarargs
    private static List<Long> concat(List<Long>... lists) {
        List<Long> out = new ArrayList<>();
        for (List<Long> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
