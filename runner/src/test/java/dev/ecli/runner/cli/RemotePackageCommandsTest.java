package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command takes PACKAGE the same way: {@code inspect}, {@code validate} and {@code run}
 * accept an OCI reference (the loopback registry the other registry tests start) and an http URL
 * of an eunomia package.json (a loopback server), pulled into the cache first. Nothing is loaded
 * into the kernel ({@code run --help}).
 */
class RemotePackageCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void everyCommandTakes(Map<String, String> env, String pkg, String... more) throws Exception {
        String[][] commands = {{"inspect", pkg}, {"validate", pkg}, {"run", pkg, "--help"}};
        for (String[] c : commands) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(c), java.util.Arrays.stream(more))
                    .toArray(String[]::new);
            RunnerProcess r = RunnerProcess.start(env, args);
            assertEquals(0, r.waitFor(), String.join(" ", args) + ": " + r.stderr);
            String out = String.join("\n", r.allStdout);
            switch (c[0]) {
                case "inspect" -> assertTrue(out.contains("exitsnoop"), out);
                case "validate" -> assertEquals(pkg + ": ok", r.allStdout.getLast(), out);
                default -> assertTrue(out.contains("Parameters of exitsnoop"), out);
            }
        }
    }

    @Test
    void anOciReference() throws Exception {
        Path pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        try (RegistryServer registry = RegistryServer.start(tmp)) {
            String ref = registry.address + "/ecli/exitsnoop:1.0";
            RunnerProcess push = RunnerProcess.start(env, "push", pkg.toString(), ref, "--insecure");
            assertEquals(0, push.waitFor(), push.stderr.toString());
            everyCommandTakes(env, ref, "--insecure");
        }
    }

    @Test
    void anHttpUrlOfAPackageJson() throws Exception {
        byte[] elf = Files.readAllBytes(RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o"));
        byte[] body = JSON.writeValueAsBytes(EunomiaRunTest.eunomiaPackage(elf, "exitsnoop", "event"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tools/exitsnoop/package.json", x -> {
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tools/exitsnoop/package.json";
            everyCommandTakes(Map.of("XDG_CACHE_HOME", tmp.toString()), url);
        } finally {
            server.stop(0);
        }
    }
}
