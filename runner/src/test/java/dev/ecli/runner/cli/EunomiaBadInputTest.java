package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pre-0.3 eunomia package or an overlay that cannot run as it says is one line from
 * {@code validate}, exit code 3, naming the key and its place in the file. No privilege needed.
 */
class EunomiaBadInputTest {
    @TempDir
    Path tmp;

    /** What {@code validate} prints for {@code file}, with the file's path taken off the front. */
    private static String validate(Path file, int code) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        assertEquals(code, cl.execute("validate", file.toString()), out.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out.toString());
        return lines.getFirst().replace(file.toString(), "FILE");
    }

    /** A pre-0.3 package of examples/opensnoop whose layout the object lacks, changed by {@code change}. */
    private Path legacy(Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = EunomiaPackagesRunTest.example("opensnoop", "rb", "event").legacy("open_record");
        change.accept(root);
        return EunomiaWriter.write(tmp.resolve("legacy-" + System.nanoTime()), root);
    }

    private static ObjectNode layout(ObjectNode root) {
        for (var m : root.get("maps")) {
            if (m.has("export_data_types")) {
                return (ObjectNode) m.get("export_data_types");
            }
        }
        throw new IllegalStateException("no layout");
    }

    private static ObjectNode field(ObjectNode root, int i) {
        return (ObjectNode) layout(root).get("Fields").get(i);
    }

    @Test
    void aSoundLegacyPackageValidatesAndOffersTheObjectsGlobals() throws Exception {
        Path p = legacy(r -> { });
        assertEquals("FILE: ok", validate(p, 0));
        // Before data_sections, every settable global was an option named as the variable.
        var manifest = dev.ecli.runner.pkg.load.PackageLoader.load(p).manifest();
        assertEquals(List.of("target_pid"), List.copyOf(manifest.params().keySet()));
        assertEquals("target_pid", manifest.params().get("target_pid").longName());
        assertEquals("open_record", manifest.exports().getFirst().struct());
    }

    @Test
    void legacyMistakesNameTheKey() throws Exception {
        assertEquals("'data_sz' is 12, but 'data' decodes to "
                + Files.size(RunnerProcess.repoRoot().resolve("examples/opensnoop/opensnoop.bpf.o")) + " bytes",
                after(validate(legacy(r -> r.put("data_sz", 12)), 3)));
        assertEquals("'maps[0].export_data_types.Fields[1]' has Type 'struct nowhere' and LLVMType '%struct.nowhere':"
                + " neither is a type ecli-java can lay out (a C integer, an array of one, or a typedef, enum or struct"
                + " of the object's BTF)", after(validate(legacy(r -> field(r, 1).put("Type", "struct nowhere")
                .put("LLVMType", "%struct.nowhere")), 3)));
        assertEquals("'maps[0].export_data_types.Fields[2]' is 'filename', which ends at byte 276, past the struct's"
                + " Size (200 bytes)", after(validate(legacy(r -> layout(r).put("Size", 1600)), 3)));
        assertEquals("'maps[0].export_data_types.Fields[1].FieldOffset' must be the field's offset in bits: a whole"
                + " byte inside the struct, after the field before it",
                after(validate(legacy(r -> field(r, 1).put("FieldOffset", 33)), 3)));
        assertEquals("'progs[0].name' is 'gone', which opensnoop.bpf.o does not have (its programs: trace_openat)",
                after(validate(legacy(r -> ((ObjectNode) r.get("progs").get(0)).put("name", "gone")), 3)));
        assertEquals("'maps[0]' names rb, the first ring buffer or perf event array, which eunomia prints, but has no"
                + " 'export_data_types' to lay its records out",
                after(validate(legacy(r -> ((ObjectNode) r.get("maps").get(0)).remove("export_data_types")), 3)));
    }

    /** The message after {@code FILE:LINE:COLUMN: }. */
    private static String after(String line) {
        return line.replaceFirst("^FILE:\\d+:\\d+: ", "");
    }

    private Path base() throws Exception {
        return EunomiaWriter.write(tmp.resolve("base"), EunomiaPackagesRunTest.example("opensnoop", "rb", "event")
                .current());
    }

    @Test
    void overlayMistakesNameTheKey() throws Exception {
        base();
        String[][] cases = {
            {"base: nowhere/package.json\n", "FILE:1:7: 'base' is nowhere/package.json, which does not exist ("},
            {"base: base/package.json\nexports:\n  - map: events\n",
                "FILE:3:10: exports[0].map: package.json exports no map 'events' (it exports: rb)"},
            {"base: base/package.json\nparams:\n  target_tgid: {short: p}\n",
                "FILE:3:16: params.target_tgid: package.json offers no option for 'target_tgid' (it offers: target_pid)"},
            {"base: base/package.json\nexports:\n  - map: rb\n    fields:\n      comm: {format: ipv4x}\n",
                "FILE:5:22: 'exports[0].fields.comm.format' must be one of"},
        };
        for (String[] c : cases) {
            Path overlay = Files.writeString(tmp.resolve("overlay-" + System.nanoTime() + ".yaml"), c[0]);
            String line = validate(overlay, 3);
            assertEquals(true, line.startsWith(c[1]), line);
        }
        Path first = Files.writeString(tmp.resolve("first.yaml"), "base: base/package.json\n");
        Path second = Files.writeString(tmp.resolve("second.yaml"), "base: first.yaml\n");
        assertEquals("FILE:1:7: 'base' is first.yaml, itself an overlay; name the package it adds to instead",
                validate(second, 3));
        assertEquals("FILE: ok", validate(first, 0));
    }

    @Test
    void anOverlayAddsToTheBasesParamsAndFields() throws Exception {
        base();
        Path overlay = Files.writeString(tmp.resolve("over.yaml"), """
                base: base/package.json
                description: opens, with a pid option
                exports:
                  - map: rb
                    fields:
                      filename: {width: 40, description: the path}
                params:
                  target_pid: {short: p, long: pid, description: only this process}
                """);
        var spec = dev.ecli.runner.pkg.load.PackageLoader.load(overlay);
        assertEquals("opensnoop", spec.manifest().name());
        assertEquals("opens, with a pid option", spec.manifest().description());
        assertEquals(new dev.ecli.runner.pkg.Param("only this process", "p", "pid", null),
                spec.manifest().params().get("target_pid"));
        var export = spec.manifest().exports().getFirst();
        assertEquals("rb", export.map());
        assertEquals("event", export.struct());
        assertEquals(40, export.fields().get("filename").width());
    }

    @Test
    void anExportBtfStructTheObjectLacksIsCopiedKeepingTheObjectsTypedefs() throws Exception {
        ObjectNode root = EunomiaPackagesRunTest.example("sigsnoop", "rb", "event").exportBtf();
        ObjectNode types = (ObjectNode) root.get("meta").get("export_types");
        // The blob's "event" renamed "evenT" (same length), so the object has no struct of that name.
        byte[] blob = java.util.Base64.getMimeDecoder().decode(types.get("export_btf").asText());
        byte[] from = "\0event\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(blob, from);
        blob[at + 5] = 'T';
        types.put("export_btf", java.util.Base64.getMimeEncoder().encodeToString(blob));
        ((ObjectNode) types.get("structs").get(0)).put("name", "evenT");
        Path p = EunomiaWriter.write(tmp.resolve("copied"), root);
        assertEquals("FILE: ok", validate(p, 0));
        var spec = dev.ecli.runner.pkg.load.PackageLoader.load(p);
        dev.ecli.btf.Btf btf = spec.object().btf();
        int id = spec.manifest().exports().getFirst().typeId();
        assertEquals(true, id >= btf.base().typeCount(), "a struct added on top of the object's BTF");
        dev.ecli.btf.BtfType.Struct s = (dev.ecli.btf.BtfType.Struct) btf.type(id);
        assertEquals("evenT", s.name());
        dev.ecli.btf.BtfType cgroup = btf.type(s.members().getLast().typeId());
        assertEquals("ecli_cgroup_id", cgroup.name(), "the object's own typedef, which gives the field its meaning");
        assertEquals(true, cgroup.id() < btf.base().typeCount());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}
