package dev.ecli.runner.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.PackageException;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aCachedPackageIsCheckedAgainstItsDigestEachTime() throws Exception {
        PackageCache c = new PackageCache(tmp);
        byte[] body = "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        String d = Digests.of(body);
        Path s = c.newStaging();
        Files.write(s.resolve("package.json"), body);
        Path dir = c.install(s, d);
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("package.json"))));
        assertEquals(dir, c.verified(d));

        Files.writeString(dir.resolve("package.json"), "{}");
        assertEquals("digest mismatch: the cached package " + dir + " is not " + d + ": package.json has "
                + Digests.of("{}".getBytes(StandardCharsets.UTF_8)) + ", not " + d
                + "; remove it ('ecli-java images rm " + d + "') and pull again", assertThrows(PackageException.class, () -> c.verified(d)).getMessage());
        Files.write(dir.resolve("package.json"), body);
        Files.writeString(dir.resolve("extra.o"), "");
        assertTrue(assertThrows(PackageException.class, () -> c.verified(d)).getMessage()
                .contains(": it holds [extra.o, package.json], not a pulled package"));

        // Two files and no OCI manifest: what an older ecli-java pulled; dropped for a new pull.
        assertTrue(c.dropUnverifiable(d));
        assertFalse(c.has(d));
        assertFalse(c.dropUnverifiable(d));
    }
}
