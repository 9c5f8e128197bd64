package dev.ecli.runner.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.cli.RegistryServer;
import dev.ecli.runner.cli.RunArgs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a fleet gets packages: a ConfigMap line naming an OCI reference (pinned by digest, as
 * deploy/README.md advises) runs under the entrypoint as the image runs it, pulled from a real
 * registry into the node's cache; a child's exit comes out in the log with its exact fields.
 */
@Tag("bpf")
class EntrypointRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void aPackageLineNamingAReferenceIsPulledAndRuns() throws Exception {
        RunArgs.requireBpf();
        Path launcher = RunArgs.launcher(tmp);
        Path cache = tmp.resolve("cache");
        try (RegistryServer registry = RegistryServer.start(tmp)) {
            String ref = registry.address + "/fleet/exitsnoop:1.0";
            Process push = new ProcessBuilder(launcher.toString(), "push",
                    DeployFiles.ROOT.resolve("packages/exitsnoop").toString(), ref, "--insecure")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String pinned = new String(push.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, push.waitFor());
            assertTrue(pinned.startsWith(ref + "@sha256:"), pinned);

            Path packages = Files.writeString(tmp.resolve("packages"), "# from the registry\n" + pinned
                    + " --insecure --failed\n");
            ProcessBuilder pb = new ProcessBuilder("sh", DeployFiles.ENTRYPOINT.toString())
                    .redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().put("ECLI_PACKAGES_FILE", packages.toString());
            pb.environment().put("ECLI_BIN", launcher.toString());
            pb.environment().put("ECLI_METRICS_PORT", "");
            pb.environment().put("ECLI_STDOUT", "json");
            pb.environment().put("XDG_CACHE_HOME", cache.toString());
            pb.environment().put("TMPDIR", tmp.toString());
            Process entrypoint = pb.start();
            try {
                Await.until(() -> stderr().contains("ecli-java: attached exitsnoop;"), "exitsnoop attached", this::stderr);
                assertTrue(stderr().contains("ecli-java: pulled " + pinned + " (" + pinned.substring(pinned.indexOf('@') + 1)
                        + ")"), stderr());
                ObjectMapper json = new ObjectMapper();
                Process child = new ProcessBuilder("sh", "-c", "exit 77").start();
                assertEquals(77, child.waitFor());
                Await.until(() -> {
                    for (String line : Files.readAllLines(tmp.resolve("stdout"))) {
                        JsonNode e = json.readTree(line);
                        if (e.path("pid").asLong() == child.pid()) {
                            assertEquals(77, e.path("exit_code").asInt(), line);
                            assertEquals(ProcessHandle.current().pid(), e.path("ppid").asLong(), line);
                            assertEquals("sh", e.path("comm").asText(), line);
                            return true;
                        }
                    }
                    return false;
                }, "the exit of 'sh -c \"exit 77\"' (pid " + child.pid() + ")", this::stderr);
            } finally {
                entrypoint.destroy();
            }
            assertTrue(entrypoint.waitFor(30, TimeUnit.SECONDS), stderr());
            assertEquals(0, entrypoint.exitValue(), stderr());
        }
        try (var dirs = Files.list(cache.resolve("ecli-java/packages"))) {
            assertEquals(1, dirs.count());
        }
    }

    private String stderr() throws java.io.IOException {
        return Files.readString(tmp.resolve("stderr"));
    }
}
