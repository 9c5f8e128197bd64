package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.load.PackageLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's btf: section: which file a kernel gets, and files a package may not name. */
class EmbeddedBtfsTest {
    @TempDir
    Path tmp;
    /** The package directory, inside tmp so that files "outside" it stay in tmp too. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void packageDir() throws Exception {
        dir = Files.createDirectories(tmp.resolve("pkg"));
    }

    private PackageSpec withBtf(String section) throws Exception {
        return withBtf(dir, section);
    }

    private static PackageSpec withBtf(Path dir, String section) throws Exception {
        Path manifest = PackageFixtures.packageWith(dir, "package.yaml", """
                name: exitsnoop
                object: exitsnoop.bpf.o
                btf:
                """ + section);
        return PackageLoader.load(manifest);
    }

    @Test
    void theRunningReleasesEntryIsChosen() throws Exception {
        Files.createDirectories(dir.resolve("btf"));
        Files.write(dir.resolve("btf/6.1.0-57-amd64.btf"), new byte[] {1});
        Files.write(dir.resolve("btf/5.15.0-91-generic.btf"), new byte[] {2});
        PackageSpec spec = withBtf("""
                  5.15.0-91-generic: {file: btf/5.15.0-91-generic.btf}
                  6.1.0-57-amd64: {file: btf/6.1.0-57-amd64.btf}
                """);
        assertEquals(dir.resolve("btf/6.1.0-57-amd64.btf").toRealPath(), EmbeddedBtfs.forRelease(spec, "6.1.0-57-amd64"));
        assertNull(EmbeddedBtfs.forRelease(spec, "6.18.0"));
        assertEquals("this kernel (6.18.0) has no BTF at /sys/kernel/btf/vmlinux and exitsnoop carries BTF for"
                + " 5.15.0-91-generic, 6.1.0-57-amd64 only; add this kernel with 'ecli-java build DIR --btfgen"
                + " FILE=6.18.0' (FILE: its BTF, e.g. from BTFHub), or run with --btf FILE",
                EmbeddedBtfs.missing(spec, "6.18.0", Path.of("/sys/kernel/btf/vmlinux")));
    }

    @Test
    void filesOutsideThePackageOrMissingAreRefused() throws Exception {
        Path outside = Files.write(tmp.resolve("outside.btf"), new byte[] {1});
        Files.createSymbolicLink(dir.resolve("link.btf"), outside);
        PackageSpec spec = withBtf("""
                  a1: {file: ../%s}
                  a2: {file: /etc/passwd}
                  a3: {file: link.btf}
                  a4: {file: btf/none.btf}
                """.formatted(outside.getFileName()));
        assertTrue(refusal(spec, "a1").endsWith("is outside the package directory"), refusal(spec, "a1"));
        assertTrue(refusal(spec, "a2").endsWith("must be a path relative to the package directory, not absolute"));
        assertTrue(refusal(spec, "a3").contains("resolves outside the package directory"), refusal(spec, "a3"));
        assertEquals("package.yaml: btf.a4.file btf/none.btf does not exist", refusal(spec, "a4"));
    }

    @Test
    void schemaRefusesBadReleasesAndEntries() {
        for (String bad : new String[] {"  \"-x\": {file: a.btf}\n", "  6.1: {}\n", "  6.1: {file: a, extra: 1}\n",
                "  6.1: btf/a.btf\n"}) {
            Path sub = dir.resolve("case" + bad.hashCode());
            PackageException e = assertThrows(PackageException.class, () -> withBtf(sub, bad), bad);
            assertTrue(e.getMessage().contains("btf"), e.getMessage());
        }
    }

    private static String refusal(PackageSpec spec, String release) {
        return assertThrows(PackageException.class, () -> EmbeddedBtfs.forRelease(spec, release)).getMessage();
    }
}
