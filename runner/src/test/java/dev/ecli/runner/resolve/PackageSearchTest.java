package dev.ecli.runner.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.PackageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Name resolution: a bare name is a subdirectory with a manifest, first match on the path wins. */
class PackageSearchTest {
    @TempDir
    Path tmp;

    private Path pkg(Path dir, String manifest) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(manifest), "name: x\nobject: x.bpf.o\n");
        return dir;
    }

    @Test
    void bareNameFoundInSearchOrderAndShadowsLaterOnes() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path first = pkg(a.resolve("trace"), "package.yaml");
        Path second = pkg(b.resolve("trace"), "package.json");
        Path other = pkg(b.resolve("other"), "package.yml");
        Files.createDirectories(b.resolve("not-a-package"));
        PackageSearch s = new PackageSearch(List.of(a, tmp.resolve("missing"), b));

        assertEquals(first, s.resolve(Path.of("trace")));
        assertEquals(other, s.resolve(Path.of("other")));

        List<PackageSearch.Found> all = s.list();
        assertEquals(List.of("trace", "other", "trace"), all.stream().map(PackageSearch.Found::name).toList(),
                "sorted per directory, directories in order; not-a-package left out");
        assertFalse(all.get(0).shadowed());
        assertTrue(all.get(2).shadowed());
        assertEquals(second, all.get(2).dir());
    }

    @Test
    void aCollectionsPackagesGoByCollectionSlashNameAndABareNameThatCollidesSaysSo() throws Exception {
        Path packages = tmp.resolve("packages"), examples = tmp.resolve("examples");
        Path shipped = pkg(packages.resolve("exitsnoop"), "package.yaml");
        Path tool = pkg(packages.resolve("tools").resolve("execsnoop"), "package.yaml");
        Path only = pkg(packages.resolve("tools").resolve("tcpstates"), "package.yaml");
        Path example = pkg(examples.resolve("execsnoop"), "package.yaml");
        List<String> notes = new java.util.ArrayList<>();
        PackageSearch s = new PackageSearch(List.of(packages, examples), java.util.Set.of(), notes::add);

        assertEquals(tool, s.resolve(Path.of("tools/execsnoop")));
        assertEquals(example, s.resolve(Path.of("execsnoop")), "a bare name: a search directory's package first");
        assertEquals(List.of("note: execsnoop is " + example + "; tools/execsnoop is another package of that name"
                + " (run by that name)"), notes);
        notes.clear();
        assertEquals(only, s.resolve(Path.of("tcpstates")), "in one collection and nowhere else");
        assertEquals(shipped, s.resolve(Path.of("exitsnoop")));
        assertEquals(List.of(), notes);
        assertEquals(Path.of("tools/nosuch"), s.resolve(Path.of("tools/nosuch")), "left for the loader's message");

        assertEquals(List.of("exitsnoop", "tools/execsnoop", "tools/tcpstates", "execsnoop"),
                s.list().stream().map(PackageSearch.Found::name).toList());
    }

    @Test
    void listNotesThePackagesABareNameDoesNotReach() throws Exception {
        Path user = tmp.resolve("user"), packages = tmp.resolve("packages"), examples = tmp.resolve("examples");
        Path mine = pkg(user.resolve("exitsnoop"), "package.yaml");
        Path shipped = pkg(packages.resolve("exitsnoop"), "package.yaml");
        Path tool = pkg(packages.resolve("tools").resolve("execsnoop"), "package.yaml");
        Path example = pkg(examples.resolve("execsnoop"), "package.yaml");
        pkg(packages.resolve("one").resolve("top"), "package.yaml");
        pkg(packages.resolve("two").resolve("top"), "package.yaml");
        pkg(packages.resolve("tools").resolve("alone"), "package.yaml");
        PackageSearch s = new PackageSearch(List.of(user, packages, examples), java.util.Set.of(),
                java.util.Set.of(user), w -> {});
        java.util.Map<Path, List<String>> notes = new java.util.HashMap<>();
        s.list().forEach(f -> notes.put(f.dir(), f.notes()));

        assertEquals(List.of(), notes.get(mine), "the one the name runs");
        assertEquals(List.of(shipped + " is hidden by " + mine + " (from $ECLI_PATH)"), notes.get(shipped));
        assertEquals(List.of("'run execsnoop' runs " + example + ", not this one"), notes.get(tool));
        assertEquals(List.of(), notes.get(example));
        assertEquals(List.of("'top' is in several collections: run this one by its full name"),
                notes.get(packages.resolve("one").resolve("top")));
        assertEquals(List.of(), notes.get(packages.resolve("tools").resolve("alone")));
        // each note agrees with resolve
        assertEquals(mine, s.resolve(Path.of("exitsnoop")));
        assertEquals(example, s.resolve(Path.of("execsnoop")));
    }

    @Test
    void aBareNameInTwoCollectionsAndNowhereElseIsAmbiguous() throws Exception {
        Path packages = tmp.resolve("packages");
        pkg(packages.resolve("one").resolve("top"), "package.yaml");
        pkg(packages.resolve("two").resolve("top"), "package.yaml");
        PackageSearch s = new PackageSearch(List.of(packages));
        PackageException e = assertThrows(PackageException.class, () -> s.resolve(Path.of("top")));
        assertEquals("package name top is ambiguous: one/top, two/top; run one by that name", e.getMessage());
    }

    @Test
    void pathsAndExistingFilesAreNotLookedUp() throws Exception {
        Path a = tmp.resolve("a");
        pkg(a.resolve("trace"), "package.yaml");
        PackageSearch s = new PackageSearch(List.of(a));
        assertEquals(Path.of("./trace"), s.resolve(Path.of("./trace")));
        assertEquals(Path.of("some/dir"), s.resolve(Path.of("some/dir")));
        assertEquals(tmp, s.resolve(tmp));
    }

    @Test
    void searchDirectoryThatIsItselfAPackage() throws Exception {
        Path single = pkg(tmp.resolve("solo"), "package.yaml");
        PackageSearch s = new PackageSearch(List.of(single));
        assertEquals(single, s.resolve(Path.of("solo")));
        assertEquals(List.of("solo"), s.list().stream().map(PackageSearch.Found::name).toList());
    }

    @Test
    void unknownNameSaysWhereItLookedAndPointsAtList() {
        PackageSearch s = new PackageSearch(List.of(tmp.resolve("a"), tmp.resolve("b")));
        PackageException e = assertThrows(PackageException.class, () -> s.resolve(Path.of("nope")));
        assertTrue(e.getMessage().contains("no package nope"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("a") + ":" + tmp.resolve("b")), e.getMessage());
        assertTrue(e.getMessage().contains("ecli-java list"), e.getMessage());
    }

    @Test
    void repositoryIsTheHomeOfTheTestClasses() {
        String prop = System.getProperty("ecli.repoRoot");
        Path root = (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
        assertTrue(PackageSearch.homes().contains(root), PackageSearch.homes() + " has " + root);
        assertTrue(PackageSearch.homes().contains(PackageSearch.INSTALLED));
    }
}
