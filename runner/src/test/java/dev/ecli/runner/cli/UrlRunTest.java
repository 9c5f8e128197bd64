package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eunomia's way of sharing a tool, {@code ecli run http://HOST/package.json}: an HTTP server on
 * loopback serves an eunomia package.json made from the seed package's object; {@code run URL}
 * downloads it into the cache and decodes a child's exit 7; the second run needs no server.
 */
@Tag("bpf")
class UrlRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void runsAnEunomiaPackageByUrlThenFromTheCache() throws Exception {
        RunnerProcess.requireBpf();
        byte[] elf = Files.readAllBytes(RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o"));
        byte[] body = JSON.writeValueAsBytes(EunomiaRunTest.eunomiaPackage(elf, "exitsnoop", "event"));
        AtomicInteger gets = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tools/exitsnoop/package.json", x -> {
            gets.incrementAndGet();
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tools/exitsnoop/package.json";
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.toString());
        try (RunnerProcess r = RunnerProcess.start(env, "run", url, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
            assertEquals(7, child.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));
            assertEquals(child.pid(), e.get("pid").asLong());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals(7, e.get("exit_code").asInt());
            assertEquals(0, e.get("sig").asInt());
            assertEquals("sh", e.get("comm").asText());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            assertTrue(r.stderr.getFirst().startsWith("ecli-java: pulled " + url + " (sha256:"), r.stderr.toString());
        } finally {
            server.stop(0);
        }
        assertEquals(1, gets.get());
        // The server is gone; the cached download still resolves.
        RunnerProcess help = RunnerProcess.start(env, "run", url, "--help");
        assertEquals(0, help.waitFor(), help.stderr.toString());
        assertTrue(help.allStdout.stream().anyMatch(l -> l.contains("--target-pid=PID")), help.allStdout.toString());
    }

    @Test
    void plainHttpOffLoopbackNeedsInsecure() throws Exception {
        RunnerProcess r = RunnerProcess.start(Map.of("XDG_CACHE_HOME", tmp.toString()),
                "run", "http://example.com/package.json");
        assertEquals(2, r.waitFor(), r.stderr.toString());
        assertEquals(List.of("ecli-java: http://example.com/package.json: plain HTTP to example.com could be changed"
                + " on the way; use https, or --insecure"), r.stderr);
    }
}
