package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed when missing) on loopback,
 * scraping the given targets every second, with its storage in a temporary directory; queried
 * through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Installs Debian's prometheus package when it is missing (the tests run as root). */
    static void install() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        for (List<String> cmd : List.of(List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "prometheus"))) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            assertEquals(0, pb.start().waitFor(), "'" + String.join(" ", cmd) + "' failed");
        }
    }

    /** A TCP port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts Prometheus in {@code dir}, scraping {@code targets} (host:port) every second as job "ecli". */
    static PrometheusServer start(Path dir, List<String> targets) throws Exception {
        install();
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: ecli\n    static_configs:\n      - targets: ["
                + String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()) + "]\n");
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer s = new PrometheusServer(p, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("prometheus exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            if (s.get("/-/ready").status() == 200) {
                return s;
            }
            Thread.sleep(100);
        }
        s.close();
        fail("prometheus not ready in 20 s: " + Files.readString(log));
        return null;
    }

    /** An HTTP answer; status -1 when nothing answered. */
    private record Reply(int status, String body) {}

    private Reply get(String path) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        }
    }

    /** An instant PromQL query through /api/v1/query: the result vector (each {metric, value: [time, "v"]}). */
    JsonNode query(String promql) throws Exception {
        Reply r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertEquals(200, r.status(), promql + ": " + r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("success", body.path("status").asText(), promql + ": " + r.body());
        return body.path("data").path("result");
    }

    /** The query's single value, or NaN when it has no result. */
    double value(String promql) throws Exception {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        assertEquals(1, result.size(), promql + " has one series: " + result);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /**
     * Polls the query until its single value satisfies {@code ok}; returns the last result
     * (value and evaluation time), failing after {@code seconds}.
     */
    JsonNode await(String promql, Predicate<Double> ok, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (last.size() == 1 && ok.test(Double.parseDouble(last.get(0).path("value").get(1).asText()))) {
                return last.get(0);
            }
            Thread.sleep(250);
        }
        fail(promql + ": no fitting value in " + seconds + " s; last result " + last + "; targets: "
                + get("/api/v1/targets").body() + "; log: " + Files.readString(log));
        return null;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
