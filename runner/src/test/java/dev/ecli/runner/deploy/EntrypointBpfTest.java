package dev.ecli.runner.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.cli.RunArgs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/entrypoint.sh with the real runner, as in the container, on the ConfigMap's package
 * lines: every package attaches under the entrypoint with its share of the heap, a child's exit
 * comes out as a JSON line in the log, the metrics endpoint the probes ask answers (once `run`
 * has --metrics), and SIGTERM ends it all with 0, each runner stopping as SIGTERM asks (a
 * second signal would end it unflushed, without its summary).
 */
@Tag("bpf")
class EntrypointBpfTest {
    @TempDir
    Path tmp;

    @Test
    void theConfigMapsPackagesRunUnderTheEntrypointAndStopOnSigterm() throws Exception {
        RunArgs.requireBpf();
        JsonNode cm = DeployFiles.only(DeployFiles.documents(DeployFiles.manifestText()), "ConfigMap");
        List<String> lines = DeployFiles.packageLines(cm);
        assertTrue(lines.stream().anyMatch(l -> l.strip().split("\\s+")[0].equals("exitsnoop")),
                "the test looks for an exit in exitsnoop's events: " + lines);
        Path packages = tmp.resolve("packages");
        Files.writeString(packages, cm.path("data").path("packages").asText());
        boolean metrics = RunArgs.runHasOption("--metrics");
        int port = metrics ? freePort() : 0;
        ProcessBuilder pb = new ProcessBuilder("sh", DeployFiles.ENTRYPOINT.toString())
                .redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("ECLI_PACKAGES_FILE", packages.toString());
        pb.environment().put("ECLI_BIN", RunArgs.launcher(tmp).toString());
        pb.environment().put("ECLI_METRICS_PORT", metrics ? String.valueOf(port) : "");
        pb.environment().put("ECLI_STDOUT", "json");
        pb.environment().put("NODE_NAME", "node-e2e");
        pb.environment().put("TMPDIR", tmp.toString());
        Process entrypoint = pb.start();
        try {
            for (String line : lines) {
                String pkg = line.strip().split("\\s+")[0];
                Await.until(() -> stderr().contains("ecli-java: attached " + pkg + ";"), pkg + " attached", this::stderr);
            }
            assertTrue(stderr().contains("Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage="
                    + 40 / lines.size()), stderr());
            ObjectMapper json = new ObjectMapper();
            Await.until(() -> {
                new ProcessBuilder("sh", "-c", "exit 77").start().waitFor();
                for (String line : Files.readAllLines(tmp.resolve("stdout"))) {
                    JsonNode e = json.readTree(line);
                    if (e.path("exit_code").asInt() == 77 && "sh".equals(e.path("comm").asText())) {
                        return true;
                    }
                }
                return false;
            }, "a JSON line for the exit of 'sh -c \"exit 77\"'", this::stderr);
            if (metrics) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                String first = lines.getFirst().strip().split("\\s+")[0];
                assertTrue(r.body().lines().anyMatch(l -> l.startsWith("ecli_events_total{")
                        && l.contains("package=\"" + first + "\"")), r.body());
            }
        } finally {
            entrypoint.destroy(); // SIGTERM, as the kubelet sends
        }
        assertTrue(entrypoint.waitFor(30, TimeUnit.SECONDS), "the entrypoint did not end after SIGTERM: " + stderr());
        assertEquals(0, entrypoint.exitValue(), stderr());
        assertEquals(lines.size(), stderr().lines().filter(l -> l.startsWith("ecli-java: ")
                && l.endsWith("(stopped: terminated)")).count(), "a summary from each runner:\n" + stderr());
    }

    private String stderr() throws IOException {
        return Files.readString(tmp.resolve("stderr"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
