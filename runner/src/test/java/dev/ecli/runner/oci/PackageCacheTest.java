package dev.ecli.runner.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCacheTest {
    private static final String A = "sha256:" + "a1".repeat(32);
    private static final String B = "sha256:" + "a1".repeat(31) + "ff";

    @TempDir
    Path tmp;

    private Path add(PackageCache c, String digest) throws Exception {
        Path s = c.newStaging();
        Files.writeString(s.resolve("package.json"), "{}");
        return c.install(s, digest);
    }

    @Test
    void whereItLives() {
        assertEquals(Path.of("/x/ecli-java"), PackageCache.defaultRoot(Map.of("XDG_CACHE_HOME", "/x")::get, true));
        assertEquals(Path.of("/var/cache/ecli-java"), PackageCache.defaultRoot(Map.<String, String>of()::get, true));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/ecli-java"),
                PackageCache.defaultRoot(Map.of("XDG_CACHE_HOME", "relative")::get, false));
    }

    @Test
    void theFirstInstallWinsAndLaterOnesAreDropped() throws Exception {
        PackageCache c = new PackageCache(tmp);
        Path dir = add(c, A);
        Files.writeString(dir.resolve("marker"), "first");
        assertEquals(dir, add(c, A));
        assertEquals("first", Files.readString(dir.resolve("marker")));
        try (var s = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void refsListAndRemove() throws Exception {
        PackageCache c = new PackageCache(tmp);
        add(c, A);
        add(c, B);
        c.record("h.io/t:1", A);
        c.record("h.io/t:2", A);
        c.record("h.io/t:1", A);
        assertEquals(A, c.digestOf("h.io/t:1"));
        assertNull(c.digestOf("h.io/t:3"));
        assertEquals(List.of(new PackageCache.Entry(A, c.dirOf(A), List.of("h.io/t:1", "h.io/t:2")),
                new PackageCache.Entry(B, c.dirOf(B), List.of())), c.list());

        assertEquals("a1a1 matches 2 cached packages; give more of the digest",
                assertThrows(IllegalArgumentException.class, () -> c.remove("a1a1")).getMessage());
        assertEquals(List.of(), c.remove("h.io/t:1")); // t:2 still names it
        assertTrue(c.has(A));
        assertEquals(List.of(c.dirOf(A)), c.remove("h.io/t:2"));
        assertFalse(c.has(A));
        assertEquals(List.of(c.dirOf(B)), c.remove("sha256:" + "a1".repeat(31) + "f"));
        assertEquals(List.of(), c.list());
    }
}
