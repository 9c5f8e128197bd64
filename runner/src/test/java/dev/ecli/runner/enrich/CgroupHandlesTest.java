package dev.ecli.runner.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.sys.CgroupHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On the host's cgroup2 mount, as root: a cgroup made after the index's walk is named by its
 * handle at its first lookup, with no walk; a removed one reads as unknown and is not asked
 * about again for a while. A directory that is not cgroupfs gets no handles.
 */
@Tag("bpf")
class CgroupHandlesTest {
    @Test
    void aCgroupMadeAfterTheWalkIsNamedByItsHandle() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root, "CI=true: root tests must run");
        }
        Assumptions.assumeTrue(root, "needs root (CAP_DAC_READ_SEARCH)");
        Path mount = CgroupNames.cgroup2Root();
        assertNotNull(mount, "no cgroup2 mount");
        Path parent = Files.createDirectory(mount.resolve("ecli-handles-" + ProcessHandle.current().pid()));
        Path late = null;
        try (CgroupNames names = new CgroupNames(mount, System::nanoTime, false)) {
            names.refresh();
            late = Files.createDirectory(parent.resolve("late.scope"));
            long id = ((Number) Files.getAttribute(late, "unix:ino")).longValue();
            assertEquals("/" + mount.relativize(late), names.path(id));
            assertEquals(1, names.walks());
            assertEquals(0, names.waiting());
            Files.delete(late);
            late = null;
            long gone = id;
            Path other = Files.createDirectory(parent.resolve("other.scope"));
            long otherId = ((Number) Files.getAttribute(other, "unix:ino")).longValue();
            Files.delete(other);
            assertNull(names.path(otherId), "removed before its first lookup");
            assertEquals(0, names.waiting(), "gone: no walk asked for");
            assertEquals("/" + mount.relativize(parent) + "/late.scope", names.path(gone), "kept once named");
        } finally {
            if (late != null) {
                Files.deleteIfExists(late);
            }
            Files.deleteIfExists(parent);
        }
    }

    @Test
    void aPlainDirectoryGetsNoHandles(@org.junit.jupiter.api.io.TempDir Path tmp) {
        assertNull(CgroupHandles.open(tmp));
    }
}
