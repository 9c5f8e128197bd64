package dev.ecli.runner.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that misbehaves on purpose, on loopback: headers then a body that stalls or
 * trickles, a token service that never stops sending, a redirect to {@code file:}, a layer titled
 * as the manifest. Each ends in one line well within its limit (the limits are shortened here;
 * the hang guards are generous).
 */
class HostileRegistryTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final Duration WAIT = Duration.ofMillis(800);
    private static final Duration BODY = Duration.ofSeconds(3);
    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    HttpServer server;
    String address;
    /** Released when the test ends, so stalled handlers return. */
    final CountDownLatch done = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        address = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        done.countDown();
        server.stop(0);
    }

    private RegistryClient client() {
        return new RegistryClient(new Transport("registry " + address, null, WAIT, BODY), address, true);
    }

    /** Sends headers and the first bytes of a chunked body, then nothing until the test ends. */
    private void stall(HttpExchange x, String type) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        out.write("{\"schemaVersion\":".getBytes(StandardCharsets.UTF_8));
        out.flush();
        await();
    }

    private void await() {
        try {
            done.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void manifestBodyThatStallsEndsAfterTheWait() {
        server.createContext("/v2/", x -> stall(x, MANIFEST));
        FetchException e = assertTimeoutPreemptively(GUARD, () -> assertThrows(FetchException.class,
                () -> client().manifest("ecli/x", "1", MANIFEST)));
        assertEquals("reading the manifest of " + address + "/ecli/x:1: no byte came for 0.8 s", e.getMessage());
    }

    @Test
    void bodyThatTricklesEndsAtTheTotalLimit() {
        server.createContext("/v2/", x -> {
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            // One byte every 200 ms: never idle for the wait, never done.
            for (int i = 0; i < 300 && done.getCount() > 0; i++) {
                out.write(' ');
                out.flush();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        });
        FetchException e = assertTimeoutPreemptively(GUARD, () -> assertThrows(FetchException.class,
                () -> client().manifest("ecli/x", "1", MANIFEST)));
        assertEquals("reading the manifest of " + address + "/ecli/x:1: not all of it had come after 3 s",
                e.getMessage());
    }

    @Test
    void blobThatStallsEndsAfterTheWait() {
        server.createContext("/v2/", x -> stall(x, "application/octet-stream"));
        String digest = Digests.of(new byte[100]);
        FetchException e = assertTimeoutPreemptively(GUARD, () -> assertThrows(FetchException.class,
                () -> client().blob("ecli/x", digest, 100, RegistryClient.MAX_BLOB_BYTES, tmp.resolve("blob"))));
        assertEquals("reading blob " + digest + " from " + address + ": no byte came for 0.8 s", e.getMessage());
    }

    /** A registry asking for a bearer token from a service answered by {@code token}. */
    private void bearer(com.sun.net.httpserver.HttpHandler token) {
        server.createContext("/token", token);
        server.createContext("/v2/", x -> {
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + address
                    + "/token\",service=\"fake\",scope=\"repository:ecli/x:pull\"");
            x.sendResponseHeaders(401, -1);
            x.close();
        });
    }

    @Test
    void tokenReplyWithoutEndIsCutAtItsCap() {
        AtomicLong sent = new AtomicLong();
        bearer(x -> {
            x.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) 'A');
            try (OutputStream out = x.getResponseBody()) {
                out.write("{\"token\":\"".getBytes(StandardCharsets.UTF_8));
                // Until the client hangs up (bounded, should it never).
                while (sent.get() < 256L << 20 && done.getCount() > 0) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException gone) {
                // The client stopped reading: what is wanted.
            }
        });
        FetchException e = assertTimeoutPreemptively(GUARD, () -> assertThrows(FetchException.class,
                () -> client().manifest("ecli/x", "1", MANIFEST)));
        assertEquals("the reply of the token service of registry " + address + " is larger than 1 MiB;"
                + " not reading more", e.getMessage());
        assertTrue(sent.get() < 64L << 20, sent + " bytes sent before the client gave up");
    }

    @Test
    void tokenReplyThatStallsEndsAfterTheWait() {
        bearer(x -> stall(x, "application/json"));
        FetchException e = assertTimeoutPreemptively(GUARD, () -> assertThrows(FetchException.class,
                () -> client().manifest("ecli/x", "1", MANIFEST)));
        assertEquals("reading the reply of the token service of registry " + address + ": no byte came for 0.8 s",
                e.getMessage());
    }

    @Test
    void redirectToAFileUrlIsRefused() {
        server.createContext("/v2/", x -> {
            x.getResponseHeaders().set("Location", "file:///etc/passwd");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        FetchException e = assertThrows(FetchException.class, () -> client().manifest("ecli/x", "1", MANIFEST));
        assertEquals("registry " + address + ": refusing a redirect to file: for /v2/ecli/x/manifests/1 (only http"
                + " and https are followed)", e.getMessage());
    }

    @Test
    void layerTitledAsTheManifestIsRefusedByName() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":\""
                + PackageArtifact.CONFIG_TYPE + "\",\"digest\":\"" + Digests.of(body) + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + PackageArtifact.OBJECT_TYPE + "\",\"digest\":\""
                + Digests.of(body) + "\",\"size\":2,\"annotations\":{\"org.opencontainers.image.title\":"
                + "\"package.json\"}}]}";
        server.createContext("/v2/", x -> {
            byte[] b = manifest.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", MANIFEST);
            x.sendResponseHeaders(200, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        });
        Puller p = new Puller(new PackageCache(tmp.resolve("cache")), true, n -> { });
        PackageException e = assertThrows(PackageException.class,
                () -> p.pull(Reference.parse(address + "/ecli/x:1"), PullPolicy.missing));
        assertEquals(address + "/ecli/x:1: its object layer " + Digests.of(body) + " is titled 'package.json', the"
                + " name of the package's own manifest file; an object needs a name of its own (such as NAME.bpf.o)",
                e.getMessage());
    }
}
