package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaPassCacheTest {
    private static final String GOOD = "name: demo\nobject: demo.bpf.o\n";

    @TempDir
    Path cache;

    @AfterEach
    void off() {
        System.setProperty("ecli.cache", "off");
    }

    private static LocatedTree tree(String text) throws PackageException {
        return LocatedTree.parse("package.yaml", text.getBytes(StandardCharsets.UTF_8), true);
    }

    private long entries() throws Exception {
        Path dir = cache.resolve("schema-passed");
        try (var s = Files.exists(dir) ? Files.list(dir) : java.util.stream.Stream.<Path>empty()) {
            return s.count();
        }
    }

    @Test
    void aPassingManifestIsRememberedAndAFailingOneNever() throws Exception {
        System.setProperty("ecli.cache", cache.toString());
        ManifestValidator.check(tree(GOOD));
        assertEquals(1, entries());
        assertTrue(SchemaPassCache.passed(SchemaPassCache.key(GOOD.getBytes(StandardCharsets.UTF_8))));
        ManifestValidator.check(tree(GOOD)); // a hit: still one entry
        assertEquals(1, entries());

        String bad = GOOD + "colour: red\n";
        assertThrows(PackageException.class, () -> ManifestValidator.check(tree(bad)));
        assertThrows(PackageException.class, () -> ManifestValidator.check(tree(bad)));
        assertEquals(1, entries());
        assertFalse(SchemaPassCache.passed(SchemaPassCache.key(bad.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anyByteChangedIsAMiss() throws Exception {
        System.setProperty("ecli.cache", cache.toString());
        ManifestValidator.check(tree(GOOD));
        assertFalse(SchemaPassCache.passed(SchemaPassCache.key((GOOD + " ").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anUnwritableCacheIsNoCache() throws Exception {
        Path file = Files.writeString(cache.resolve("not-a-dir"), "x");
        System.setProperty("ecli.cache", file.toString());
        ManifestValidator.check(tree(GOOD));
        assertThrows(PackageException.class, () -> ManifestValidator.check(tree(GOOD + "colour: red\n")));
    }

    @Test
    void offMeansNoCache() {
        System.setProperty("ecli.cache", "off");
        assertEquals(null, SchemaPassCache.key(GOOD.getBytes(StandardCharsets.UTF_8)));
    }
}
