package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run --metrics} while hostile clients hold connections: one sends half a request and
 * then nothing, others connect and send nothing. Another client's scrape is still answered, the
 * half-sent one is closed by the server, and only the exact path {@code /metrics} is served.
 */
@Tag("bpf")
class MetricsSlowClientTest {
    @Test
    void aSlowClientNeitherBlocksScrapesNorStaysForever() throws Exception {
        RunnerProcess.requireBpf();
        int port = PrometheusServer.freePort();
        try (RunnerProcess r = RunnerProcess.start("run", RunnerProcess.repoRoot().resolve("packages/exitsnoop")
                .toString(), "-o", "none", "--metrics", "127.0.0.1:" + port)) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            List<Socket> silent = new ArrayList<>();
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
                slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                for (int i = 0; i < 8; i++) {
                    silent.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
                HttpResponse<String> scrape = http.send(request(port, "/metrics"), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode());
                assertTrue(scrape.body().contains("ecli_events_total{"), scrape.body());
                assertEquals(404, http.send(request(port, "/metricsAAAA"), HttpResponse.BodyHandlers.ofString())
                        .statusCode());
                assertEquals(404, http.send(request(port, "/"), HttpResponse.BodyHandlers.ofString()).statusCode());
                // The server gives up on the half-sent request (after 5 s): the socket reaches its end.
                slow.setSoTimeout(30_000);
                InputStream in = slow.getInputStream();
                while (in.read() >= 0) {
                    // whatever it says before closing (an error status or nothing)
                }
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
            assertEquals(0, r.signal("TERM"), r.stderr.toString());
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .build();
    }
}
