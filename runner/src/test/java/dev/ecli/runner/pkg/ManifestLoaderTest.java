package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.manifest.ManifestLoader.Syntax;
import dev.ecli.runner.pkg.manifest.ManifestLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One manifest file on its own: syntax choice, validation, binding, all problems at once. */
class ManifestLoaderTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void syntaxByExtension() {
        assertEquals(Syntax.JSON, Syntax.of("package.json", bytes("name: x")));
        assertEquals(Syntax.YAML, Syntax.of("package.yaml", bytes("{\"name\": \"x\"}")));
        assertEquals(Syntax.YAML, Syntax.of("PACKAGE.YML", bytes("{}")));
    }

    @Test
    void syntaxByContentForOtherNames() {
        assertEquals(Syntax.JSON, Syntax.of("manifest", bytes("\n  {\"name\": \"x\"}")));
        assertEquals(Syntax.JSON, Syntax.of("manifest", bytes("\uFEFF[1]")));
        assertEquals(Syntax.YAML, Syntax.of("manifest.txt", bytes("# comment\nname: x\n")));
        assertEquals(Syntax.YAML, Syntax.of("manifest", new byte[0]));
    }

    @Test
    void loadsAManifestFileWithoutItsObject() throws Exception {
        Path file = Files.writeString(tmp.resolve("exitsnoop.manifest"), "name: exitsnoop\nobject: not-here.bpf.o\n");
        Manifest m = ManifestLoader.load(file);
        assertEquals(new Manifest("exitsnoop", null, "not-here.bpf.o", List.of()), m);
    }

    @Test
    void sniffedJsonGetsJsonErrors() throws Exception {
        Path file = Files.writeString(tmp.resolve("manifest"), "{\"name\": \"x\",\n \"object\": }\n");
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ":2:12: syntax error: "), e.getMessage());
    }

    @Test
    void parseNamesTheLabel() {
        PackageException e = assertThrows(PackageException.class,
                () -> ManifestLoader.parse("inline.yaml", bytes("name: x\nobjekt: y.bpf.o\n"), Syntax.YAML));
        assertEquals("inline.yaml:2:1: unknown key 'objekt'; did you mean 'object'? (allowed: name, description,"
                + " version, license, homepage, object, sha256, btf, exports, params, programs, maps, metrics,"
                + " structs, sizes, renamed-fields) (and 1 more)", e.getMessage());
    }

    @Test
    void quotedKeysAndValuesStayOnOneLine() {
        // Found by ManifestFuzzTest: a key with line breaks made a message of many lines.
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.parse("inline.yaml",
                bytes("name: x\nobject: y.bpf.o\n\"sh\\r\\nort\\u2028\": 1\n"), Syntax.YAML));
        assertTrue(e.getMessage().startsWith("inline.yaml:3:1: unknown key 'sh\\r\\nort\\u2028' (allowed: "),
                e.getMessage());
        PackageException dup = assertThrows(PackageException.class, () -> ManifestLoader.parse("inline.json",
                bytes("{\"a\\tb\": 1, \"a\\tb\": 2}"), Syntax.JSON));
        assertEquals("inline.json:1:13: duplicate key 'a\\tb' (first at line 1)", dup.getMessage());
    }

    @Test
    void numbersPastBigDecimalAreOutOfRange() {
        // Found by ManifestFuzzTest: such a number escaped as NumberFormatException.
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.parse("inline.json",
                bytes("{\"name\": \"x\", \"version\": 2e6666666666}"), Syntax.JSON));
        assertEquals("inline.json:1:26: number 2e6666666666 is out of range", e.getMessage());
    }

    @Test
    void parseJson() throws Exception {
        Manifest m = ManifestLoader.parse("inline.json",
                bytes("{\"name\": \"x\", \"object\": \"x.bpf.o\", \"exports\": [{\"map\": \"m\", \"struct\": \"s\"}]}"),
                Syntax.JSON);
        assertEquals(List.of(new Export("m", "s")), m.exports());
    }

    @Test
    void problemsListsEveryFindingInFileOrder() throws Exception {
        Path file = Files.writeString(tmp.resolve("package.yaml"),
                "name: 1\nobjekt: x.bpf.o\nexports:\n  - {map: rb, struct: event, colour: red}\n");
        assertEquals(List.of(
                file + ":1:7: 'name' must be a string, got integer (put it in quotes)",
                file + ":2:1: unknown key 'objekt'; did you mean 'object'? (allowed: name, description, version,"
                        + " license, homepage, object, sha256, btf, exports, params, programs, maps, metrics, structs, sizes, renamed-fields)",
                file + ":4:30: unknown key 'colour' in exports[0] (allowed: map, struct, drops, fields, computed, variable-length)",
                file + ": missing required key 'object'"), ManifestLoader.problems(file));
    }

    @Test
    void problemsOfAValidManifestIsEmpty() throws Exception {
        assertEquals(List.of(), ManifestLoader.problems(PackageFixtures.exitsnoopDir().resolve("package.yaml")));
    }

    @Test
    void anEunomiaPackageIsNotAManifest() throws Exception {
        Path file = Files.writeString(tmp.resolve("package.json"), "{\"bpf_object\": \"\", \"bpf_object_size\": 1}");
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.load(file));
        assertEquals(file + " is an eunomia package.json, not an ecli manifest; load it as a package", e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = tmp.resolve("package.yaml");
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.load(file));
        assertEquals("manifest does not exist: " + file, e.getMessage());
    }

    @Test
    void multipleYamlDocumentsAreRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("package.yaml"), "name: a\nobject: a.bpf.o\n---\nname: b\n");
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ":4:1: unexpected content after the manifest"), e.getMessage());
    }

    @Test
    void programHints() throws Exception {
        Path file = Files.writeString(tmp.resolve("package.yaml"),
                "name: a\nobject: a.bpf.o\nprograms:\n  p:\n    section: kprobe/do_exit\n    atach: manual\n");
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.load(file));
        assertEquals(file + ":6:5: unknown key 'atach' in programs.p; did you mean 'attach'? (allowed: description,"
                + " section, attach, load, fallback, optional)", e.getMessage());
    }

    @Test
    void yamlOverItsLimitIsRefusedBeforeItIsScanned() {
        byte[] big = bytes("name: x\nobject: x.bpf.o\ndescription: " + "a".repeat(8_000_000) + "\n");
        long start = System.nanoTime();
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.parse("big.yaml", big,
                Syntax.YAML));
        assertEquals("big.yaml: 8000038 bytes of YAML, over the limit of 1 MiB for a YAML manifest (JSON may have"
                + " 64 MiB)", e.getMessage());
        // A hang guard, not a benchmark: scanning it took 14 s.
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took " + (System.nanoTime() - start) / 1e9 + " s");
    }

    @Test
    void yamlNestingAndAliasBombsEndInOneLine() {
        String deep = "name: x\nobject: x.bpf.o\ndescription: " + "[".repeat(200) + "]".repeat(200) + "\n";
        PackageException e = assertThrows(PackageException.class, () -> ManifestLoader.parse("deep.yaml",
                bytes(deep), Syntax.YAML));
        assertTrue(e.getMessage().startsWith("deep.yaml:") && e.getMessage().contains("nesting"), e.getMessage());
        StringBuilder laughs = new StringBuilder("name: x\nobject: x.bpf.o\na0: &a0 [lol, lol]\n");
        for (int i = 1; i < 30; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        e = assertThrows(PackageException.class, () -> ManifestLoader.parse("laughs.yaml",
                bytes(laughs.toString()), Syntax.YAML));
        assertTrue(e.getMessage().startsWith("laughs.yaml:") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
