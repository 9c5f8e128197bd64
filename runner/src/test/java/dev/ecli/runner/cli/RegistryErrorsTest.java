package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.oci.Digests;
import dev.ecli.runner.oci.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong between a registry (Debian's docker-registry on loopback) and {@code run REF}
 * or {@code pull REF}, each one line naming the problem and its exit code: no such tag, nothing
 * listening, a blob changed in the registry's storage, an artifact that is an ordinary image,
 * {@code --pull never} with nothing cached. Nothing here loads BPF: each fails before.
 */
class RegistryErrorsTest {
    @TempDir
    static Path dir;
    static RegistryServer registry;
    static String ref;
    static String layerDigest;

    @TempDir
    Path cache;

    @BeforeAll
    static void pushTheSeedPackage() throws Exception {
        registry = RegistryServer.start(dir);
        ref = registry.address + "/ecli/exitsnoop:1.0";
        Path pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        RunnerProcess push = RunnerProcess.start("push", pkg.toString(), ref, "--insecure");
        assertEquals(0, push.waitFor(), push.stderr.toString());
        layerDigest = Digests.of(Files.readAllBytes(pkg.resolve("exitsnoop.bpf.o")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private RunnerProcess ecli(String... args) throws Exception {
        RunnerProcess r = RunnerProcess.start(Map.of("XDG_CACHE_HOME", cache.toString()), args);
        r.waitFor();
        return r;
    }

    private static void assertOneLine(RunnerProcess r, int code, String line) throws Exception {
        assertEquals(code, r.process.exitValue(), r.stderr.toString());
        assertEquals(List.of(line), r.stderr);
    }

    @Test
    void missingTagNamesTheTagsThereAre() throws Exception {
        RunnerProcess r = ecli("run", registry.address + "/ecli/exitsnoop:2.0", "--insecure");
        assertOneLine(r, 6, "ecli-java: no tag 2.0 in " + registry.address + "/ecli/exitsnoop (its tags: 1.0)");
        RunnerProcess repo = ecli("pull", registry.address + "/ecli/nothing:1", "--insecure");
        assertOneLine(repo, 6, "ecli-java: no tag 1 in " + registry.address + "/ecli/nothing (no such repository)");
    }

    @Test
    void unreachableRegistry() throws Exception {
        String nobody = "127.0.0.1:" + PrometheusServer.freePort();
        RunnerProcess r = ecli("run", nobody + "/ecli/exitsnoop:1.0", "--insecure");
        assertOneLine(r, 6, "ecli-java: cannot reach registry " + nobody + " (http://" + nobody
                + "): connection refused");
    }

    @Test
    void tlsIsTheDefault() throws Exception {
        RunnerProcess r = ecli("pull", ref);
        assertEquals(6, r.process.exitValue(), r.stderr.toString());
        assertEquals(1, r.stderr.size(), r.stderr.toString());
        assertTrue(r.stderr.getFirst().startsWith("ecli-java: TLS with registry " + registry.address + " failed: ")
                && r.stderr.getFirst().endsWith("; a registry serving plain HTTP needs --insecure"), r.stderr.toString());
    }

    @Test
    void pullNeverWithNothingCached() throws Exception {
        RunnerProcess r = ecli("run", ref, "--pull", "never");
        assertOneLine(r, 6, "ecli-java: " + ref + " is not in the cache " + cache.resolve("ecli-java")
                + " (--pull never): pull it first with 'ecli-java pull " + ref + "'");
    }

    @Test
    void anOrdinaryImageIsNotOurs() throws Exception {
        RegistryClient client = new RegistryClient(registry.address, true, null);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        client.upload("ecli/image", Digests.of(config), config);
        client.upload("ecli/image", Digests.of(layer), layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digests.of(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + Digests.of(layer)
                + "\",\"size\":" + layer.length + "}]}";
        client.putManifest("ecli/image", "1", "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
        RunnerProcess r = ecli("run", registry.address + "/ecli/image:1", "--insecure");
        assertOneLine(r, 3, "ecli-java: " + registry.address + "/ecli/image:1 is not an ecli package: its config is"
                + " application/vnd.oci.image.config.v1+json (an ecli package's is"
                + " application/vnd.ecli.package.config.v1+json)");
    }

    @Test
    void tamperedBlobIsRefusedAndNothingIsCached() throws Exception {
        // A second repository with the same object, so that damaging it spoils no other test.
        Path pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        String other = registry.address + "/ecli/tampered:1.0";
        RunnerProcess push = RunnerProcess.start("push", pkg.toString(), other, "--insecure");
        assertEquals(0, push.waitFor(), push.stderr.toString());
        Path data = registry.blobData(layerDigest);
        byte[] original = Files.readAllBytes(data);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x01;
        Files.write(data, changed);
        try {
            RunnerProcess r = ecli("run", other, "--insecure");
            assertOneLine(r, 3, "ecli-java: digest mismatch: blob " + layerDigest + " of " + registry.address
                    + "/ecli/tampered has content with digest " + Digests.of(changed));
            assertFalse(Files.exists(cache.resolve("ecli-java/packages"))
                    && Files.list(cache.resolve("ecli-java/packages")).findAny().isPresent());
            assertEquals(List.of(), Files.list(cache.resolve("ecli-java/tmp")).toList());
        } finally {
            Files.write(data, original);
        }
    }

    @Test
    void pullsOfOneReferenceAtOnceLeaveOnePackage() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        List<RunnerProcess> pulls = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pulls.add(RunnerProcess.start(env, "pull", ref, "--insecure"));
        }
        for (RunnerProcess p : pulls) {
            assertEquals(0, p.waitFor(), p.stderr.toString());
        }
        try (var dirs = Files.list(cache.resolve("ecli-java/packages"));
             var staging = Files.list(cache.resolve("ecli-java/tmp"))) {
            assertEquals(1, dirs.count());
            assertEquals(0, staging.count());
        }
        assertEquals(1, pulls.stream().map(p -> p.allStdout.getFirst()).distinct().count());
    }

    @Test
    void listAndRemoveByDigestPrefix() throws Exception {
        RunnerProcess pull = ecli("pull", ref, "--insecure");
        assertEquals(0, pull.process.exitValue(), pull.stderr.toString());
        RunnerProcess list = ecli("list", "--cache");
        assertEquals(0, list.process.exitValue(), list.stderr.toString());
        assertEquals(List.of("SOURCE", "DIGEST", "NAME", "DESCRIPTION"),
                List.of(list.allStdout.getFirst().trim().split("\\s+")));
        String[] row = list.allStdout.get(1).split("\\s+", 4);
        assertEquals(ref, row[0]);
        assertEquals("exitsnoop", row[2]);
        String prefix = row[1].substring("sha256:".length());
        assertEquals(12, prefix.length());
        RunnerProcess rm = ecli("images", "rm", prefix);
        assertEquals(0, rm.process.exitValue(), rm.stderr.toString());
        RunnerProcess again = ecli("images", "rm", prefix);
        assertOneLine(again, 2, "ecli-java: nothing in the cache " + cache.resolve("ecli-java") + " is named "
                + prefix + " (see 'ecli-java list --cache')");
    }
}
