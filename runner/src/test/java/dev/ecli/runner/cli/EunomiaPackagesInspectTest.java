package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} and {@code inspect} on eunomia packages of our own examples in every
 * generation ({@link EunomiaWriter}): validate passes each one {@code run} runs and names the
 * meta key of the others in one line; inspect shows exported structs under their own names (or
 * the JSON layout's) and the sampled maps. Nothing is loaded, so no privilege is needed.
 */
class EunomiaPackagesInspectTest {
    @TempDir
    Path tmp;

    private record Outcome(int code, String out, String err) {}

    private static Outcome cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** tcpconnect with both perf event arrays exported by {@code btf_type_id}. */
    private static ObjectNode tcpconnectMultiple() throws Exception {
        EunomiaWriter w = EunomiaPackagesRunTest.example("tcpconnect", null, null);
        ObjectNode meta = w.meta();
        meta.put("enable_multiple_export_types", true);
        ArrayNode maps = EunomiaWriter.maps(meta);
        maps.addObject().put("name", "ipv4_events").put("ident", "ipv4_events").putObject("export_config")
                .put("btf_type_id", w.typeId("ipv4_flow"));
        maps.addObject().put("name", "ipv6_events").put("ident", "ipv6_events").putObject("export_config")
                .put("btf_type_id", w.typeId("ipv6_flow"));
        return meta;
    }

    /** A skeleton beside a copy of its example's object; the skeleton's path. */
    private Path skeleton(String dir, String example, ObjectNode meta) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(dir));
        Files.copy(RunnerProcess.repoRoot().resolve("examples/" + example + "/" + example + ".bpf.o"),
                d.resolve(example + ".bpf.o"));
        return Files.writeString(d.resolve(example + ".skel.json"), EunomiaWriter.JSON.writeValueAsString(meta));
    }

    private Map<String, Path> runnable() throws Exception {
        EunomiaWriter open = EunomiaPackagesRunTest.example("opensnoop", "rb", "event");
        Map<String, Path> out = new LinkedHashMap<>();
        out.put("pre-0.3", EunomiaWriter.write(tmp.resolve("legacy"), open.legacy("event")));
        out.put("pre-0.3 JSON layout", EunomiaWriter.write(tmp.resolve("legacy-json"), open.legacy("open_record")));
        out.put("export_btf", EunomiaWriter.write(tmp.resolve("export-btf"), open.exportBtf()));
        out.put("current", EunomiaWriter.write(tmp.resolve("current"), open.current()));
        out.put("skel.json", open.skeletonBeside(tmp.resolve("skel")));
        out.put("export_btf skel.json", skeleton("skel-export-btf", "opensnoop", (ObjectNode) open.exportBtf().get("meta")));
        out.put("tar", open.tar(tmp.resolve("opensnoop.tar")));
        out.put("multiple", skeleton("multiple", "tcpconnect", tcpconnectMultiple()));
        ObjectNode runqlat = EunomiaPackagesRunTest.example("runqlat", null, null).meta();
        EunomiaWriter.maps(runqlat).addObject().put("name", "hists").put("ident", "hists").putObject("sample")
                .put("interval", 1000).put("type", "log2_hist");
        out.put("runqlat", skeleton("runqlat", "runqlat", runqlat));
        return out;
    }

    @Test
    void validatePassesEveryGeneration() throws Exception {
        for (Map.Entry<String, Path> e : runnable().entrySet()) {
            String path = e.getValue().toString();
            assertEquals(new Outcome(0, path + ": ok" + System.lineSeparator(), ""), cli("validate", path), e.getKey());
        }
    }

    /** The one line {@code validate} and {@code inspect} print for a skeleton of tcpconnect changed by {@code change}. */
    private List<String> refusals(Consumer<ObjectNode> change) throws Exception {
        ObjectNode meta = tcpconnectMultiple();
        change.accept(meta);
        Path p = skeleton("hostile-" + System.nanoTime(), "tcpconnect", meta);
        List<String> lines = new ArrayList<>();
        for (String command : List.of("validate", "inspect")) {
            Outcome o = cli(command, p.toString());
            assertEquals(3, o.code(), command + ": " + o);
            List<String> got = (o.out() + o.err()).lines().toList();
            assertEquals(1, got.size(), o.toString());
            String line = got.getFirst().replaceFirst("^ecli-java: ", "");
            assertTrue(line.startsWith(p + ":"), line);
            lines.add(line.substring(p.toString().length()).replaceFirst("^:\\d+:\\d+: ", ""));
        }
        assertEquals(lines.get(0), lines.get(1), "validate and inspect say the same");
        return lines;
    }

    private static ObjectNode map(ObjectNode meta, int i) {
        return (ObjectNode) EunomiaWriter.maps(meta).get(i);
    }

    @Test
    void aHostileTypeIdOrMemberListIsOneLineNamingTheKey() throws Exception {
        String key = "'bpf_skel.maps[0].export_config.btf_type_id' ";
        assertTrue(refusals(m -> map(m, 0).putObject("export_config").put("btf_type_id", 999999)).getFirst()
                .startsWith(key + "is 999999, but the object's BTF has type ids 1 to "));
        assertTrue(refusals(m -> map(m, 0).putObject("export_config").put("btf_type_id", -3)).getFirst()
                .equals(key + "must be an integer from 0 to 2147483647, got -3"));
        assertTrue(refusals(m -> map(m, 0).putObject("export_config").put("btf_type_id", "321")).getFirst()
                .equals(key + "must be an integer from 0 to 2147483647, got \"321\""));
        EunomiaWriter w = EunomiaPackagesRunTest.example("tcpconnect", "ipv4_events", "ipv4_flow");
        List<String> wrongName = refusals(m -> {
            m.remove("enable_multiple_export_types");
            m.set("export_types", w.meta().get("export_types"));
            ((ObjectNode) m.get("export_types").get(0).get("members").get(1)).put("name", "SADDR");
        });
        assertEquals("'export_types[0].members[1].name' is 'SADDR', but member 1 of struct ipv4_flow is 'saddr'",
                wrongName.getFirst());
    }

    @Test
    void customMembersThatOverlapOrOverrunAreOneLineNamingTheMember() throws Exception {
        EunomiaWriter w = EunomiaPackagesRunTest.example("tcpconnect", null, null);
        dev.ecli.btf.Btf btf = dev.ecli.btf.Btf.fromElf(dev.ecli.elf.ElfFile.parse(Files.readAllBytes(
                RunnerProcess.repoRoot().resolve("examples/tcpconnect/tcpconnect.bpf.o"))));
        // saddr's type, a __u32.
        int type = ((dev.ecli.btf.BtfType.Struct) btf.type(w.typeId("ipv4_flow"))).members().get(1).typeId();
        List<String> overlap = refusals(m -> {
            ArrayNode c = map(m, 0).putObject("export_config").putArray("custom_members");
            c.addObject().put("name", "pid").put("offset", 0).put("btf_type_id", type);
            c.addObject().put("name", "half").put("offset", 2).put("btf_type_id", type);
        });
        assertEquals("'bpf_skel.maps[0].export_config.custom_members[1].offset' is 2, inside member 'pid' (bytes 0 to 3)",
                overlap.getFirst());
        List<String> overrun = refusals(m -> map(m, 0).putObject("export_config").putArray("custom_members")
                .addObject().put("name", "far").put("offset", 12345678).put("btf_type_id", type));
        assertEquals("'bpf_skel.maps[0].export_config.custom_members[0].offset' is 12345678: the member would end at"
                + " byte 12345682, past the largest record map 'ipv4_events' carries (65535 bytes)", overrun.getFirst());
    }

    @Test
    void theStackTraceInterpreterNeedsItsFields() throws Exception {
        ObjectNode meta = EunomiaPackagesRunTest.example("opensnoop", "rb", "event").meta();
        map(meta, 0).putObject("intepreter").putObject("stack_trace");
        Path p = skeleton("stacks", "opensnoop", meta);
        Outcome o = cli("validate", p.toString());
        assertEquals(3, o.code(), o.toString());
        String said = o.out() + o.err();
        assertTrue(said.contains("name 'kstack', which struct event does not have"), o.toString());
    }

    @Test
    void inspectShowsTheExportedStructsUnderTheirOwnNames() throws Exception {
        Map<String, Path> p = runnable();
        Outcome o = cli("inspect", p.get("multiple").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("map ipv4_events carries struct ipv4_flow (48 bytes):"), o.out());
        assertTrue(o.out().contains("map ipv6_events carries struct ipv6_flow ("), o.out());
        // The pre-0.3 layout the object's BTF lacks: its JSON name, members and offsets.
        Outcome j = cli("inspect", p.get("pre-0.3 JSON layout").toString(), "-o", "json");
        assertEquals(0, j.code(), j.err());
        JsonNode export = EunomiaWriter.JSON.readTree(j.out()).get("exports").get(0);
        assertEquals("rb", export.get("map").asText());
        assertEquals("open_record", export.get("struct").asText());
        List<String> names = new ArrayList<>();
        export.get("fields").forEach(f -> names.add(f.get("name").asText()));
        assertEquals(List.of("pid", "comm", "filename"), names);
    }

    @Test
    void inspectShowsTheSampledMaps() throws Exception {
        Outcome o = cli("inspect", runnable().get("runqlat").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("SAMPLED MAPS\nmap hists every 1000 ms, log2 histogram: key, slots, comm"), o.out());
    }
}
