package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real registry that asks for credentials (docker-registry with htpasswd): push and pull
 * without them, or with wrong ones, are refused in one line (exit 6); with the user's docker
 * config.json they work.
 */
class RegistryAuthTest {
    /** User ecli, password s3cret (bcrypt, cost 5). */
    private static final String HTPASSWD = "ecli:$2b$05$Bmd/w24gNIGjmSEm5ddcLuI/xRNDabHdSjek2JcdT0Tpsy96GTDkq\n";

    @TempDir
    Path tmp;

    private Map<String, String> dockerConfig(String registry, String userPassword) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docker-" + userPassword.hashCode()));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + registry + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        return Map.of("DOCKER_CONFIG", dir.toString(), "HOME", tmp.toString(),
                "XDG_CACHE_HOME", tmp.resolve("cache").toString());
    }

    @Test
    void credentialsFromDockerConfigOrARefusal() throws Exception {
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        try (RegistryServer registry = RegistryServer.start(tmp, HTPASSWD)) {
            String ref = registry.address + "/ecli/exitsnoop:1.0";
            Map<String, String> none = Map.of("HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.resolve("c0").toString());
            RunnerProcess anonymous = RunnerProcess.start(none, "push", pkg, ref, "--insecure");
            assertEquals(6, anonymous.waitFor(), anonymous.stderr.toString());
            assertEquals(List.of("ecli-java: unauthorized: registry " + registry.address + " refused HEAD of blob sha256:"
                    + anonymous.stderr.getFirst().replaceAll(".*blob sha256:([0-9a-f]{64}).*", "$1")
                    + " without credentials (none for " + registry.address + " in the docker/podman config.json:"
                    + " docker login / podman login)"), anonymous.stderr);

            RunnerProcess wrong = RunnerProcess.start(dockerConfig(registry.address, "ecli:guess"),
                    "pull", ref, "--insecure");
            assertEquals(6, wrong.waitFor(), wrong.stderr.toString());
            assertEquals(List.of("ecli-java: unauthorized: registry " + registry.address + " refused GET of"
                    + " ecli/exitsnoop manifest 1.0 with the credentials given"), wrong.stderr);

            Map<String, String> good = dockerConfig(registry.address, "ecli:s3cret");
            RunnerProcess push = RunnerProcess.start(good, "push", pkg, ref, "--insecure");
            assertEquals(0, push.waitFor(), push.stderr.toString());
            RunnerProcess pull = RunnerProcess.start(good, "pull", ref, "--insecure");
            assertEquals(0, pull.waitFor(), pull.stderr.toString());
            assertEquals(List.of(tmp.resolve("cache/ecli-java/packages/sha256-" + push.allStdout.getFirst()
                    .substring(push.allStdout.getFirst().indexOf("@sha256:") + 8)).toString()), pull.allStdout);
        }
    }
}
