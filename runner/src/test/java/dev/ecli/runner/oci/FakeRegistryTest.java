package dev.ecli.runner.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real registry of this machine cannot be made to do, played by an HTTP server in the test:
 * bearer-token and basic challenges (credentials from a docker config.json, and refused ones),
 * and a layer whose descriptor is over the size limit or whose body is longer than it says.
 */
class FakeRegistryTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path tmp;
    HttpServer server;
    String address;
    /** The Authorization header of every request, in order ("-" when none). */
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        address = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            x.getResponseHeaders().set("Content-Type", type);
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private String auth(HttpExchange x) {
        String a = x.getRequestHeaders().getFirst("Authorization");
        seen.add(x.getRequestURI().getPath() + " " + (a == null ? "-" : a));
        return a;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A docker config.json with {@code user:password} for this registry; returns the credentials found in it. */
    private Credentials dockerConfig(String user, String password) throws Exception {
        Path docker = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"http://" + address + "/v1/\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
                + "\"},\"other.example\":{\"auth\":\"eDp5\"}}}");
        return Credentials.find(address, Map.of("DOCKER_CONFIG", docker.toString())::get, tmp.resolve("home"));
    }

    /** A registry that wants a bearer token from its /token service, which wants alice:secret. */
    private void bearerRegistry(byte[] manifest) {
        server.createContext("/token", x -> {
            if (basic("alice", "secret").equals(auth(x))
                    && x.getRequestURI().getQuery().equals("service=fake&scope=repository:ecli/x:pull")) {
                reply(x, 200, "application/json", "{\"token\":\"T0K3N\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                reply(x, 401, null, new byte[0]);
            }
        });
        server.createContext("/v2/", x -> {
            if (!"Bearer T0K3N".equals(auth(x))) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + address
                        + "/token\",service=\"fake\",scope=\"repository:ecli/x:pull\"");
                reply(x, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
                return;
            }
            reply(x, 200, MANIFEST, manifest);
        });
    }

    @Test
    void bearerTokenWithCredentialsFromDockerConfig() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        bearerRegistry(manifest);
        Credentials c = dockerConfig("alice", "secret");
        assertEquals("alice", c.user());
        RegistryClient client = new RegistryClient(address, true, c);
        RegistryClient.Fetched f = client.manifest("ecli/x", "1.0", MANIFEST);
        assertEquals(Digests.of(manifest), f.digest());
        assertEquals(List.of("/v2/ecli/x/manifests/1.0 -", "/token " + basic("alice", "secret"),
                "/v2/ecli/x/manifests/1.0 Bearer T0K3N"), seen);
    }

    @Test
    void refusedCredentialsAndNoCredentialsAreUnauthorized() throws Exception {
        bearerRegistry(new byte[0]);
        RegistryClient wrong = new RegistryClient(address, true, dockerConfig("alice", "guess"));
        FetchException e = assertThrows(FetchException.class, () -> wrong.manifest("ecli/x", "1.0", MANIFEST));
        assertEquals("unauthorized: registry " + address + " refused GET of ecli/x manifest 1.0 with the"
                + " credentials given", e.getMessage());
        RegistryClient none = new RegistryClient(address, true, null);
        e = assertThrows(FetchException.class, () -> none.manifest("ecli/x", "1.0", MANIFEST));
        assertEquals("unauthorized: registry " + address + " refused GET of ecli/x manifest 1.0 without credentials"
                + " (none for " + address + " in the docker/podman config.json: docker login / podman login)",
                e.getMessage());
    }

    @Test
    void identityTokenIsSentAsARefreshToken() throws Exception {
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/token", x -> {
            String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add("POST " + form);
            boolean ok = x.getRequestMethod().equals("POST") && form.equals("service=fake&scope=repository%3Aecli%2Fx%3Apull"
                    + "&grant_type=refresh_token&refresh_token=R3FR&client_id=ecli-java");
            reply(x, ok ? 200 : 401, "application/json", ok ? "{\"access_token\":\"T0K3N\"}".getBytes() : new byte[0]);
        });
        server.createContext("/v2/", x -> {
            if (!"Bearer T0K3N".equals(auth(x))) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + address
                        + "/token\",service=\"fake\",scope=\"repository:ecli/x:pull\"");
                reply(x, 401, null, new byte[0]);
                return;
            }
            reply(x, 200, MANIFEST, manifest);
        });
        Path f = Files.writeString(tmp.resolve("auth.json"), "{\"auths\":{\"" + address
                + "\":{\"identitytoken\":\"R3FR\"}}}");
        Credentials c = Credentials.find(address, Map.of("REGISTRY_AUTH_FILE", f.toString())::get, tmp);
        assertEquals(Digests.of(manifest), new RegistryClient(address, true, c).manifest("ecli/x", "1", MANIFEST).digest());
        assertEquals(3, seen.size(), seen.toString());
    }

    @Test
    void basicChallenge() throws Exception {
        server.createContext("/v2/", x -> {
            if (!basic("bob", "pw").equals(auth(x))) {
                x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
                reply(x, 401, null, new byte[0]);
                return;
            }
            reply(x, 200, "application/json", "{\"name\":\"ecli/x\",\"tags\":[\"a\",\"b\"]}".getBytes());
        });
        assertEquals(List.of("a", "b"), new RegistryClient(address, true, dockerConfig("bob", "pw")).tags("ecli/x"));
    }

    /** A registry serving one manifest whose object layer is {@code declared} bytes and whose blobs are {@code body}. */
    private void layerRegistry(long declared, byte[] body) {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":\""
                + PackageArtifact.CONFIG_TYPE + "\",\"digest\":\"" + Digests.of(body) + "\",\"size\":" + body.length
                + "},\"layers\":[{\"mediaType\":\"" + PackageArtifact.OBJECT_TYPE + "\",\"digest\":\""
                + Digests.of(body) + "\",\"size\":" + declared
                + ",\"annotations\":{\"org.opencontainers.image.title\":\"x.bpf.o\"}}]}";
        server.createContext("/v2/", x -> {
            if (x.getRequestURI().getPath().contains("/manifests/")) {
                reply(x, 200, MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
            } else {
                reply(x, 200, "application/octet-stream", body);
            }
        });
    }

    @Test
    void layerOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        layerRegistry(1L << 30, "{}".getBytes(StandardCharsets.UTF_8));
        Puller p = new Puller(new PackageCache(tmp.resolve("cache")), true, n -> { });
        PackageException e = assertThrows(PackageException.class,
                () -> p.pull(Reference.parse(address + "/ecli/x:1"), PullPolicy.missing));
        assertEquals("blob " + Digests.of("{}".getBytes(StandardCharsets.UTF_8)) + " of " + address
                + "/ecli/x is 1073741824 bytes, over the limit of 64 MiB", e.getMessage());
    }

    @Test
    void layerLongerThanItsDescriptorIsRefused() throws Exception {
        byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        layerRegistry(4, body);
        Puller p = new Puller(new PackageCache(tmp.resolve("cache")), true, n -> { });
        PackageException e = assertThrows(PackageException.class,
                () -> p.pull(Reference.parse(address + "/ecli/x:1"), PullPolicy.missing));
        assertEquals("blob " + Digests.of(body) + " of " + address + "/ecli/x is longer than the 4 bytes its"
                + " descriptor says", e.getMessage());
    }
}
