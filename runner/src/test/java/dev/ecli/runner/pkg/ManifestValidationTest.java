package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.load.PackageLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest errors name the file, line and column, or the key, at fault, on one line. */
class ManifestValidationTest {
    @TempDir
    Path tmp;

    /** Loads the invalid fixture as {@code tmp/<as>} and returns the message. */
    private String error(String fixture, String as) {
        Path manifest = PackageFixtures.copy("invalid/" + fixture, tmp, as);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(manifest));
        String message = e.getMessage();
        assertTrue(!message.contains("\n"), "one line: " + message);
        return message;
    }

    private String file(String as) {
        return tmp.resolve(as).toString();
    }

    @Test
    void unknownTopLevelKey() {
        assertEquals(file("package.yaml") + ":2:1: unknown key 'objekt'; did you mean 'object'? (allowed: name,"
                        + " description, version, license, homepage, object, sha256, btf, exports, params, programs, maps, metrics,"
                        + " structs, sizes, renamed-fields)",
                error("unknown-key.yaml", "package.yaml"));
    }

    @Test
    void unknownNestedKey() {
        // The misspelt key, not the "missing" one it was meant to be, is reported first.
        assertEquals(file("package.yaml") + ":7:5: unknown key 'strukt' in exports[1]; did you mean 'struct'?"
                        + " (allowed: map, struct, drops, fields, computed, variable-length) (and 1 more)",
                error("unknown-nested-key.yaml", "package.yaml"));
    }

    @Test
    void unknownNestedKeyIsReportedWhereItIs() {
        String m = error("unknown-nested-key.json", "package.json");
        assertEquals(file("package.json") + ":4:48: unknown key 'colour' in exports[0] (allowed: map, struct, drops, fields, computed, variable-length)", m);
    }

    @Test
    void wrongType() {
        assertEquals(file("package.yaml") + ":1:7: 'name' must be a string, got integer (put it in quotes)",
                error("wrong-type.yaml", "package.yaml"));
    }

    @Test
    void missingObject() {
        assertEquals(file("package.yaml") + ": missing required key 'object'",
                error("missing-object.yaml", "package.yaml"));
    }

    @Test
    void missingName() {
        assertEquals(file("package.yaml") + ": missing required key 'name'",
                error("missing-name.yaml", "package.yaml"));
    }

    @Test
    void yamlSyntaxError() {
        String m = error("syntax-error.yaml", "package.yaml");
        assertTrue(m.startsWith(file("package.yaml") + ":5:4: YAML syntax error: "), m);
    }

    @Test
    void jsonSyntaxError() {
        String m = error("syntax-error.json", "package.json");
        assertTrue(m.startsWith(file("package.json") + ":4:1: syntax error: "), m);
    }

    @Test
    void emptyFile() {
        assertEquals(file("package.yaml") + ":1:1: file is empty; a manifest needs at least 'name' and 'object'",
                error("empty.yaml", "package.yaml"));
    }

    @Test
    void commentOnlyFileIsEmpty() {
        assertTrue(error("comment-only.yaml", "package.yml").startsWith(file("package.yml") + ":1:1: file is empty"));
    }

    @Test
    void duplicateKey() {
        assertEquals(file("package.yaml") + ":3:1: duplicate key 'name' (first at line 1)",
                error("duplicate-key.yaml", "package.yaml"));
    }

    @Test
    void severalErrorsReportTheFirstAndCount() {
        assertEquals(file("package.yaml") + ":1:7: 'name' must be a string, got integer (put it in quotes) (and 2 more)",
                error("several-errors.yaml", "package.yaml"));
    }

    @Test
    void enumNamesTheAllowedValues() {
        assertEquals(file("package.yaml") + ":7:27: 'exports[0].fields.exit_code.format' must be one of duration,"
                        + " timestamp, errno, ret, signal, syscall, wait-status, hex, ipv4, ipv6, ip, disk, ksym, uid, flags,"
                        + " strings, path,"
                        + " kstack, ustack, cgroup, process, got 'wait-stat'",
                error("bad-format.yaml", "package.yaml"));
    }

    @Test
    void topLevelMustBeAMapping() {
        String m = error("not-a-mapping.yaml", "package.yaml");
        assertTrue(m.startsWith(file("package.yaml") + ":1:1: a manifest must be a mapping of keys (name,"), m);
        assertTrue(m.endsWith("got a list"), m);
    }

    @Test
    void paramNamesMustBeIdentifiers() {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml",
                "name: x\nobject: exitsnoop.bpf.o\nparams:\n  min-dur: {default: 1}\n");
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(manifest));
        assertEquals(manifest + ":4:3: key 'min-dur' in params must be a C identifier", e.getMessage());
    }

    @Test
    void yamlOneOneBooleanWordsStayStrings() throws Exception {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml",
                "name: x\ndescription: no\nobject: exitsnoop.bpf.o\nexports:\n  - {map: rb, struct: event, fields: {a: {hidden: yes}}}\n");
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(manifest));
        assertEquals(manifest + ":5:51: 'exports[0].fields.a.hidden' must be a boolean (true or false), got string",
                e.getMessage());
    }

    @Test
    void nullValueIsAWrongType() {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", "name: x\nobject: exitsnoop.bpf.o\nexports:\n");
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(manifest));
        assertEquals(manifest + ":3:9: 'exports' must be a list, got nothing (null)", e.getMessage());
    }

    @Test
    void oneFindingPerValue() {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", "name: ''\nobject: exitsnoop.bpf.o\n");
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(manifest));
        assertEquals(manifest + ":1:7: 'name' must not be empty", e.getMessage());
    }

    @Test
    void tabIndentation() {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", "name: x\n\tobject: exitsnoop.bpf.o\n");
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(manifest));
        assertEquals(manifest + ":2:1: YAML syntax error: a tab cannot indent YAML; use spaces", e.getMessage());
    }
}
