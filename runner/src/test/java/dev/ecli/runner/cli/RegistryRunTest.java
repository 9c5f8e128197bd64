package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed package through a real registry (Debian's docker-registry on loopback): pushed,
 * read back by an independent client (skopeo) with our media types and annotations, pulled into
 * an emptied cache by {@code run REF}, and a child's exit 7 decoded with its exact fields; then,
 * with the registry gone, the cached tag and digest still run.
 */
@Tag("bpf")
class RegistryRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void pushedPackageRunsByReferenceAndFromTheCacheWithoutTheRegistry() throws Exception {
        RunnerProcess.requireBpf();
        Path pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        String ref;
        String digest;
        try (RegistryServer registry = RegistryServer.start(tmp)) {
            ref = registry.address + "/ecli/exitsnoop:1.0";
            RunnerProcess push = RunnerProcess.start(env, "push", pkg.toString(), ref, "--insecure");
            assertEquals(0, push.waitFor(), push.stderr.toString());
            String pushed = push.allStdout.getFirst();
            assertTrue(pushed.matches("\\Q" + ref + "@\\Esha256:[0-9a-f]{64}"), pushed);
            digest = pushed.substring(pushed.indexOf('@') + 1);
            assertEquals(List.of("1.0"), tags(registry.get("/v2/ecli/exitsnoop/tags/list")));

            // skopeo reads what we pushed: our media types, annotations, the object's digest.
            String objectHex = sha256(Files.readAllBytes(pkg.resolve("exitsnoop.bpf.o")));
            String raw = RegistryServer.skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + ref);
            assertEquals(digest, "sha256:" + sha256(raw.getBytes(StandardCharsets.UTF_8)));
            JsonNode m = JSON.readTree(raw);
            assertEquals("application/vnd.oci.image.manifest.v1+json", m.get("mediaType").asText());
            assertEquals("application/vnd.ecli.package.config.v1+json", m.at("/config/mediaType").asText());
            assertEquals(1, m.get("layers").size());
            assertEquals("application/vnd.ecli.bpf.object.v1", m.at("/layers/0/mediaType").asText());
            assertEquals("sha256:" + objectHex, m.at("/layers/0/digest").asText());
            assertEquals(Files.size(pkg.resolve("exitsnoop.bpf.o")), m.at("/layers/0/size").asLong());
            assertEquals("exitsnoop.bpf.o", m.at("/layers/0/annotations/org.opencontainers.image.title").asText());
            JsonNode a = m.get("annotations");
            assertEquals("exitsnoop", a.get("org.opencontainers.image.title").asText());
            assertEquals("Trace process exits (pid, parent, exit code, signal, lifetime, command)",
                    a.get("org.opencontainers.image.description").asText());
            assertEquals("1.0", a.get("org.opencontainers.image.version").asText());
            assertEquals(objectHex, a.get("dev.ecli.package.object.sha256").asText());
            JsonNode config = JSON.readTree(RegistryServer.skopeo("inspect", "--tls-verify=false", "--config",
                    "--raw", "docker://" + ref));
            assertEquals("exitsnoop", config.get("name").asText());
            assertEquals("exitsnoop.bpf.o", config.get("object").asText());
            assertEquals(objectHex, config.get("sha256").asText());
            assertEquals("rb", config.at("/exports/0/map").asText());

            // Pulled, removed from the cache, then run by reference: pulled again and decoded.
            RunnerProcess pull = RunnerProcess.start(env, "pull", ref, "--insecure");
            assertEquals(0, pull.waitFor(), pull.stderr.toString());
            RunnerProcess rm = RunnerProcess.start(env, "images", "rm", ref);
            assertEquals(0, rm.waitFor(), rm.stderr.toString());
            assertFalse(Files.exists(tmp.resolve("cache/ecli-java/packages/sha256-" + digest.substring(7))));
            try (RunnerProcess r = RunnerProcess.start(env, "run", ref, "--insecure", "-o", "json")) {
                r.awaitStderr(l -> l.contains("attached"), 30);
                assertTrue(r.stderr.contains("ecli-java: pulled " + ref + " (" + digest + ")"), r.stderr.toString());
                Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
                assertEquals(7, child.waitFor());
                JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));
                assertEquals(child.pid(), e.get("pid").asLong());
                assertEquals(child.pid(), e.get("tid").asLong());
                assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
                assertEquals(7, e.get("exit_code").asInt());
                assertEquals(0, e.get("sig").asInt());
                assertEquals("sh", e.get("comm").asText());
                assertEquals(0, r.signal("INT"), r.stderr.toString());
            }
        }
        // The registry is gone: the cached tag and digest resolve with no network.
        for (String cached : List.of(ref, ref + "@" + digest)) {
            RunnerProcess help = RunnerProcess.start(env, "run", cached, "--pull", "never", "--help");
            assertEquals(0, help.waitFor(), help.stderr.toString());
            assertTrue(help.allStdout.stream().anyMatch(l -> l.contains("--pid")), help.allStdout.toString());
        }
        RunnerProcess listed = RunnerProcess.start(env, "list", "--cache", "-o", "json");
        assertEquals(0, listed.waitFor(), listed.stderr.toString());
        JsonNode rows = JSON.readTree(String.join("\n", listed.allStdout));
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(ref, rows.get(0).get("source").asText());
        assertEquals(digest, rows.get(0).get("digest").asText());
        assertEquals("exitsnoop", rows.get(0).get("name").asText());
    }

    private static List<String> tags(String json) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        JSON.readTree(json).get("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
