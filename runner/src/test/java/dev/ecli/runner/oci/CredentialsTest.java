package dev.ecli.runner.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecli.runner.pkg.FetchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path tmp;

    private Path write(String rel, String json) throws Exception {
        Path f = tmp.resolve(rel);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, json);
    }

    @Test
    void podmanAuthFileComesBeforeDockerConfig() throws Exception {
        write("run/containers/auth.json", "{\"auths\":{\"reg.example:5000\":{\"auth\":\"cG9kOnB3MQ==\"}}}");
        write("home/.docker/config.json", "{\"auths\":{\"https://reg.example:5000/v1/\":{\"auth\":\"ZG9jazpwdzI=\"}}}");
        Credentials c = Credentials.find("reg.example:5000", Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString())::get,
                tmp.resolve("home"));
        assertEquals("pod", c.user());
        assertEquals("pw1", c.password());
        Credentials d = Credentials.find("reg.example:5000", Map.<String, String>of()::get, tmp.resolve("home"));
        assertEquals("dock", d.user());
        assertEquals("Basic ZG9jazpwdzI=", d.basic());
    }

    @Test
    void identityTokenAndOtherHosts() throws Exception {
        Path f = write("a.json", "{\"auths\":{\"reg.example\":{\"auth\":\"\",\"identitytoken\":\"refresh-me\"},"
                + "\"other.example/ns\":{\"auth\":\"dTpw\"}},\"credsStore\":\"desktop\"}");
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", f.toString());
        Credentials c = Credentials.find("reg.example", env::get, tmp);
        assertEquals("refresh-me", c.identityToken());
        assertNull(c.basic());
        assertEquals("u", Credentials.find("other.example", env::get, tmp).user());
        assertNull(Credentials.find("third.example", env::get, tmp));
    }

    @Test
    void unreadableEntriesSaySo() throws Exception {
        Path f = write("b.json", "{\"auths\":{\"reg.example\":{\"auth\":\"bm9jb2xvbg==\"}}}");
        FetchException e = assertThrows(FetchException.class,
                () -> Credentials.find("reg.example", Map.of("REGISTRY_AUTH_FILE", f.toString())::get, tmp));
        assertEquals("credentials for reg.example in " + f + ": auth is not base64 of user:password", e.getMessage());
    }

    @Test
    void challengeParameters() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.example/token\",service=\"reg\","
                + "scope=\"repository:a/b:pull,push\"");
        assertEquals("bearer", c.scheme());
        assertEquals(Map.of("realm", "https://auth.example/token", "service", "reg", "scope",
                "repository:a/b:pull,push"), c.params());
        assertEquals("basic", Challenge.parse("Basic realm=x").scheme());
        assertNull(Challenge.parse(" "));
    }
}
