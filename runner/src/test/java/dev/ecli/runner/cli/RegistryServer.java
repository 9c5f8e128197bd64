package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI distribution registry (Debian's {@code docker-registry}, the CNCF distribution
 * registry, installed with {@code skopeo} when missing) on a free loopback port, plain HTTP, its
 * storage in a temporary directory the test may read and damage.
 */
public final class RegistryServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    static final Path SKOPEO = Path.of("/usr/bin/skopeo");

    private final Process process;
    private final Path storage;
    private final Path log;
    /** HOST:PORT. */
    public final String address;

    private RegistryServer(Process process, Path storage, Path log, String address) {
        this.process = process;
        this.storage = storage;
        this.log = log;
        this.address = address;
    }

    /**
     * Installs Debian's docker-registry and skopeo when missing, which needs root: without it the
     * test is skipped, except under CI=true, where it fails.
     */
    static void install() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY) && Files.isExecutable(SKOPEO)) {
            return;
        }
        RunnerProcess.requireBpf();
        for (List<String> cmd : List.of(List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "docker-registry", "skopeo"))) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            assertEquals(0, pb.start().waitFor(), "'" + String.join(" ", cmd) + "' failed");
        }
    }

    /** Starts a registry with its storage and configuration in {@code dir}. */
    public static RegistryServer start(Path dir) throws Exception {
        return start(dir, null);
    }

    /**
     * As {@link #start(Path)}, asking for HTTP basic authentication against {@code htpasswd}
     * (lines {@code user:bcrypt-hash}) when it is not null.
     */
    static RegistryServer start(Path dir, String htpasswd) throws Exception {
        install();
        int port = PrometheusServer.freePort();
        Path storage = dir.resolve("storage");
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + storage + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n"
                + (htpasswd == null ? "" : "auth:\n  htpasswd:\n    realm: ecli-test\n    path: "
                        + Files.writeString(dir.resolve("htpasswd"), htpasswd) + "\n"));
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RegistryServer s = new RegistryServer(p, storage, log, "127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("docker-registry exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + s.address + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401 && htpasswd != null) {
                    return s;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        s.close();
        fail("docker-registry did not answer in 20 s: " + Files.readString(log));
        return s;
    }

    /** GET http://ADDRESS{@code path}: the body, failing on a status other than 200. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    /** Where the registry keeps the content of blob {@code digest} (sha256:HEX). */
    Path blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return storage.resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    /** Runs {@code skopeo ARGS...} and returns its stdout, failing on a non-zero exit. */
    static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(SKOPEO.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "skopeo " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
