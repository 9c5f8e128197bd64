package dev.ecli.runner.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "127.0.0.1:5000/ecli/tool:1.0 | 127.0.0.1:5000 | ecli/tool | 1.0 | - | 127.0.0.1",
        "registry.example.com/a/b/c | registry.example.com | a/b/c | latest | - | registry.example.com",
        "localhost/tool@" + "sha256:abababababababababababababababababababababababababababababababab"
                + " | localhost | tool | - | " + "sha256:abababababababababababababababababababababababababababababababab"
                + " | localhost",
        "[::1]:5000/x-y/z__w:v_1.2-rc | [::1]:5000 | x-y/z__w | v_1.2-rc | - | ::1",
    })
    void parses(String s, String registry, String repository, String tag, String digest, String host) {
        Reference r = Reference.parse(s);
        assertEquals(new Reference(registry, repository, tag, digest), r);
        assertEquals(host, r.host());
        assertEquals(s.equals("registry.example.com/a/b/c") ? s + ":latest" : s, r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tool | 'tool' is not a reference HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX]",
        "host:5000/ | host:5000/ names no repository after the registry",
        "host:5000/Tool:1 | 'Tool' in host:5000/Tool:1 is not a repository: lowercase letters, digits and . _ - between slashes",
        "host:5000/t:-x | '-x' in host:5000/t:-x is not a tag ([A-Za-z0-9_.-], at most 128)",
        "host:5000/t@sha256:12 | 'sha256:12' in host:5000/t@sha256:12 is not a digest sha256:<64 hex digits>",
        "ho_st:5000/t | 'ho_st:5000' in ho_st:5000/t is not a registry host[:port]",
    })
    void refusesWithTheReason(String s, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Reference.parse(s)).getMessage());
    }

    @org.junit.jupiter.api.Test
    void manifestKeyPrefersTheDigest() {
        assertEquals(D, Reference.parse("h.io/t:1@" + D).manifestKey());
        assertEquals("1", Reference.parse("h.io/t:1").manifestKey());
    }
}
