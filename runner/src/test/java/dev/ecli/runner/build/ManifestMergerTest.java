package dev.ecli.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.manifest.ManifestDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest merge keeps every byte the author wrote and only adds what is missing. */
class ManifestMergerTest {
    @TempDir
    Path dir;

    private static final ManifestMerger.Wanted WANTED = new ManifestMerger.Wanted("pkg", "pkg.bpf.o",
            Map.of("ring", "rec"), ordered("handler", "tracepoint a/b (section tp/a/b)"),
            ordered("knob", "int knob in .rodata, compiled-in default 3", "limit", "Stop after: this many"));

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private ManifestMerger.Result merge(String name, String text) throws Exception {
        Path f = Files.writeString(dir.resolve(name), text);
        return ManifestMerger.merge(ManifestDocument.read(f), text, WANTED);
    }

    @Test
    void insertsMissingEntriesIntoExistingBlocksWithTheirIndentation() throws Exception {
        String text = """
                # my package
                name: mine   # keep this name
                object: pkg.bpf.o
                exports: []  # none on purpose
                params:
                    knob:          # four-space style
                        short: k
                        description: The knob.

                # programs follow
                programs: {}
                """;
        ManifestMerger.Result r = merge("package.yaml", text.replace("programs: {}\n", ""));
        assertFalse(r.rewritten());
        assertEquals(List.of("programs.handler", "params.limit"), r.added());
        assertEquals("""
                # my package
                name: mine   # keep this name
                object: pkg.bpf.o
                exports: []  # none on purpose
                params:
                    knob:          # four-space style
                        short: k
                        description: The knob.
                    limit:
                        description: "Stop after: this many"

                # programs follow
                programs:
                  handler:
                    description: tracepoint a/b (section tp/a/b)
                """, r.text());
        // A second build finds nothing to add.
        assertEquals(List.of(), merge("package.yaml", r.text()).added());
    }

    @Test
    void fillsAnEmptyKeyAndAddsMissingTopLevelKeysAtTheEnd() throws Exception {
        ManifestMerger.Result r = merge("package.yaml", "name: x\nparams:\nprograms:\n  handler: {}\n");
        assertEquals("""
                name: x
                params:
                  knob:
                    description: int knob in .rodata, compiled-in default 3
                  limit:
                    description: "Stop after: this many"
                programs:
                  handler: {}
                object: pkg.bpf.o
                exports:
                  - map: ring
                    struct: rec
                """, r.text());
    }

    @Test
    void flowStyleMappingsAreRewrittenAndSaySo() throws Exception {
        ManifestMerger.Result r = merge("package.yaml", "name: x\nobject: pkg.bpf.o\nparams: {knob: {short: k}}\n");
        assertTrue(r.rewritten());
        assertTrue(r.text().contains("short: k"), r.text());
        assertTrue(r.text().contains("limit:"), r.text());
    }

    @Test
    void jsonManifestsKeepTheirKeysAndOrder() throws Exception {
        ManifestMerger.Result r = merge("package.json", "{\"name\": \"x\", \"object\": \"pkg.bpf.o\", \"exports\": []}");
        assertTrue(r.text().matches("(?s)\\{\\s*\"name\" : \"x\",\\s*\"object\" : \"pkg.bpf.o\",\\s*\"exports\" : \\[ ],"
                + "\\s*\"programs\".*\"params\".*"), r.text());
    }

    @Test
    void freshManifestsAreValidYaml() throws Exception {
        ManifestMerger.Result r = ManifestMerger.fresh(WANTED, "pkg.bpf.o");
        Path f = Files.writeString(dir.resolve("package.yaml"), r.text());
        assertEquals(List.of(), ManifestDocument.read(f).schemaProblems());
        assertTrue(r.text().startsWith("# Written by ecli-java build"), r.text());
    }

    @Test
    void scalarsAreQuotedOnlyWhenYamlWouldReadThemOtherwise() {
        assertEquals("plain text, (ok)", ManifestMerger.scalar("plain text, (ok)"));
        assertEquals("\"yes\"", ManifestMerger.scalar("yes"));
        assertEquals("\"a: b\"", ManifestMerger.scalar("a: b"));
        assertEquals("\"x # y\"", ManifestMerger.scalar("x # y"));
        assertEquals("\"12\"", ManifestMerger.scalar("12"));
    }
}
