package dev.ecli.runner.pkg.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.PackageException;
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

    /** Writes the entry a pass of {@code text} would leave, as another user could. */
    private Path forge(String text) throws Exception {
        Path dir = Files.createDirectories(cache.resolve("schema-passed"));
        return Files.createFile(dir.resolve(SchemaPassCache.key(text.getBytes(StandardCharsets.UTF_8)).name()));
    }

    @Test
    void anotherUsersEntryDoesNotSkipTheSchema() throws Exception {
        System.setProperty("ecli.cache", cache.toString());
        String bad = GOOD + "colour: red\n";
        Path entry = forge(bad);
        boolean root = Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        if (root) {
            // As a user's $HOME under sudo -E: their directory, their file, read by root.
            int nobody = 65534;
            Files.setAttribute(entry, "unix:uid", nobody);
            Files.setAttribute(entry.getParent(), "unix:uid", nobody);
        } else {
            // Not root: a directory anyone may write is as untrustworthy.
            Files.setPosixFilePermissions(entry.getParent(),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        assertFalse(SchemaPassCache.passed(SchemaPassCache.key(bad.getBytes(StandardCharsets.UTF_8))));
        PackageException e = assertThrows(PackageException.class, () -> ManifestValidator.check(tree(bad)));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        // Nor does the run write into that directory.
        ManifestValidator.check(tree(GOOD));
        assertEquals(1, entries());
    }

    @Test
    void anEntryInAnOtherWritableParentIsNotTrusted() throws Exception {
        System.setProperty("ecli.cache", cache.toString());
        String bad = GOOD + "colour: red\n";
        forge(bad);
        Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThrows(PackageException.class, () -> ManifestValidator.check(tree(bad)));
    }

    @Test
    void aLinkIsNotAnEntry() throws Exception {
        System.setProperty("ecli.cache", cache.toString());
        String bad = GOOD + "colour: red\n";
        Path entry = forge(bad);
        Files.delete(entry);
        Files.createSymbolicLink(entry, Files.writeString(cache.resolve("elsewhere"), ""));
        assertThrows(PackageException.class, () -> ManifestValidator.check(tree(bad)));
    }

    @Test
    void ownEntryStillSkips() throws Exception {
        System.setProperty("ecli.cache", cache.toString());
        String bad = GOOD + "colour: red\n";
        forge(bad);
        // Only the effective user could have made it: trusted, so the schema is skipped.
        ManifestValidator.check(tree(bad));
    }
}
