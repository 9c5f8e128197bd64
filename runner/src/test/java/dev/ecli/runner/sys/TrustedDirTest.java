package dev.ecli.runner.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link TrustedDir} refuses, each in one line naming the directory: another user's
 * directory ({@code nobody}'s, made so with chown, which needs root), a link anywhere on the way,
 * a directory others may write; and that removing a tree never follows a link out of it.
 */
class TrustedDirTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    @BeforeEach
    void rootOnly() {
        // chown needs root; under CI=true the tests run as root and must not skip.
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(TrustedDir.effectiveUserIsRoot(), "needs root to chown to nobody");
        }
    }

    private static String why(Path p) {
        return TrustedDir.whyNot(p);
    }

    @Test
    void ownDirectoriesAreTrustedAndMissingOnesCanBeMade() throws Exception {
        // /tmp above is root's and sticky: allowed as an ancestor.
        assertNull(why(tmp));
        assertNull(why(tmp.resolve("a/b/c")));
        try (TrustedDir d = TrustedDir.create(tmp.resolve("a/b"))) {
            assertEquals(tmp.resolve("a/b"), d.path());
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.path())));
        }
        assertThrows(NoSuchFileException.class, () -> TrustedDir.open(tmp.resolve("x/y")));
    }

    @Test
    void anotherUsersDirectoryAnywhereOnTheWayIsRefused() throws Exception {
        Path theirs = Files.createDirectories(tmp.resolve("theirs/cache"));
        Files.setAttribute(theirs.getParent(), "unix:uid", NOBODY);
        assertEquals(theirs.getParent() + " belongs to nobody, not to root", why(theirs));
        // Even a directory root made, below one of theirs: they could rename it away.
        assertEquals(theirs.getParent() + " belongs to nobody, not to root", why(theirs.resolve("missing")));
        assertThrows(TrustedDir.UntrustedException.class, () -> TrustedDir.create(theirs.resolve("new")));
        assertTrue(Files.notExists(theirs.resolve("new")));
    }

    @Test
    void aLinkOnTheWayIsRefusedEvenToATrustedDirectory() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/packages"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        assertEquals(tmp.resolve("link") + " is a symbolic link", why(tmp.resolve("link/packages")));
        try (TrustedDir d = TrustedDir.open(real.getParent())) {
            Files.createSymbolicLink(real.getParent().resolve("refs"), real);
            assertEquals(real.getParent().resolve("refs") + " is a symbolic link",
                    assertThrows(TrustedDir.UntrustedException.class, () -> d.dir("refs")).getMessage());
            Files.writeString(real.resolve("f"), "x");
            Files.createSymbolicLink(real.getParent().resolve("f"), real.resolve("f"));
            assertEquals(real.getParent().resolve("f") + " is a symbolic link",
                    assertThrows(TrustedDir.UntrustedException.class, () -> d.read("f")).getMessage());
        }
    }

    @Test
    void writableByOthersIsRefusedButAStickyRootAncestorIsNot() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("g"));
        Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertEquals(group + " is writable by its group (mode rwxrwxr-x)", why(group));

        Path shared = Files.createDirectories(tmp.resolve("shared/mine"));
        Files.setPosixFilePermissions(shared.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(shared.getParent() + " is writable by its group and others (mode rwxrwxrwx)", why(shared));
        Files.setAttribute(shared.getParent(), "unix:mode", 01777);
        assertNull(why(shared)); // as /tmp: only an entry's owner may rename it
        assertEquals(shared.getParent() + " is writable by its group and others (mode rwxrwxrwx)",
                why(shared.getParent())); // but not as the directory itself
        assertNull(why(shared.getParent().resolve("missing/too"))); // to be made in it, as in /tmp
        try (TrustedDir made = TrustedDir.create(shared.getParent().resolve("missing/too"))) {
            assertEquals("root", Files.getOwner(made.path()).getName());
        }

        Path file = Files.writeString(tmp.resolve("f"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (TrustedDir d = TrustedDir.open(tmp)) {
            assertThrows(TrustedDir.UntrustedException.class, () -> d.read("f"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            try (InputStream in = d.read("f")) {
                assertEquals("x", new String(in.readAllBytes()));
            }
        }
    }

    @Test
    void deleteRemovesLinksNotWhatTheyPointTo() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside/sha256-aa"));
        Files.writeString(outside.resolve("keep"), "x");
        Path tree = Files.createDirectories(tmp.resolve("cache/sha256-bb/sub"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(tree.resolve("out"), outside);
        Files.createSymbolicLink(tmp.resolve("cache/sha256-cc"), outside);
        try (TrustedDir d = TrustedDir.open(tmp.resolve("cache"))) {
            assertEquals(List.of("sha256-bb", "sha256-cc"), d.names());
            d.delete("sha256-bb");
            d.delete("sha256-cc");
            assertEquals(List.of(), d.names());
        }
        assertTrue(Files.exists(outside.resolve("keep")));
    }
}
