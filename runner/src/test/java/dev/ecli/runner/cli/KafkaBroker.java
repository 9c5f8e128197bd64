package dev.ecli.runner.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) from the
 * Apache Kafka artifacts on the test classpath, in a child JVM on free loopback ports. Its
 * data directory survives {@link #stop()}, so {@link #start()} brings the same broker back
 * on the same ports.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final Path config;
    final int port;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = Files.createDirectories(dir).resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
    }

    /** Formats a new data directory under {@code dir} and starts the broker. */
    static KafkaBroker start(Path dir) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }
        KafkaBroker b = new KafkaBroker(dir, port, controllerPort);
        Process format = b.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                b.config.toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("kafka-storage format failed: " + b.log());
        }
        b.start();
        return b;
    }

    /** Starts the broker and waits until it answers (at most 60 s). */
    void start() throws Exception {
        process = java("kafka.Kafka", config.toString());
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker did not start: " + e + "; log: " + log());
                    }
                }
            }
        }
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and waits for its process to end. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Creates {@code topic} with one partition and waits until it has a leader. */
    void createTopic(String topic) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        awaitLeader(topic);
    }

    /** Waits until {@code topic}'s partition has a leader (after a restart), at most 60 s. */
    void awaitLeader(String topic) throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                            .get(topic);
                    if (d.partitions().getFirst().leader() != null && !d.partitions().getFirst().leader().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Not yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no leader for " + topic + "; log: " + log());
                }
                Thread.sleep(100);
            }
        }
    }

    /** A consumer of raw keys and values from the start of whatever it is assigned. */
    KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("reconnect.backoff.max.ms", "500");
        return new KafkaConsumer<>(p);
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap(), "reconnect.backoff.max.ms", 500,
                "request.timeout.ms", 5000, "default.api.timeout.ms", 10000));
    }

    private Process java(String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                // Small and quick to start: two cores are shared with the runner and the tests.
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
        return pb.start();
    }

    private String log() {
        try {
            String s = Files.readString(dir.resolve("broker.log"));
            return s.substring(Math.max(0, s.length() - 3000));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    static String newTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Duration poll() {
        return Duration.ofMillis(200);
    }
}
