package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} and {@code inspect} on eunomia's loader test assets (see
 * src/test/resources/eunomia/NOTICE.md): validate passes every one {@code run} runs and names the
 * meta key of the others in one line; inspect shows exported structs under their own names and
 * the sampled maps. Nothing is loaded, so no privilege is needed.
 */
class EunomiaAssetsInspectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void validatePassesEveryAssetThatRuns() {
        for (String a : List.of("bootstrap.json", "runqlat.json", "multiple_export_ringbuf/multiple.skel.json",
                "multiple_export_sample_map/multiple.skel.json", "simple_prog_3/package.json",
                "simple_prog_3/simple_prog_3.skel.json", "simple_prog_4/package.json", "simple_prog_5/package.json",
                "simple_prog_6/package.json", "int128_test/package.json", "int128_test/prog.skel.json",
                "simple_prog/simple_prog.skel.json", "simple_prog_2/simple_prog_2.package.json",
                "simple_prog_2/simple_prog_2.skel.json")) {
            String path = EunomiaAssetsRunTest.asset(a);
            Outcome o = cli("validate", path);
            assertEquals(new Outcome(0, path + ": ok" + System.lineSeparator(), ""), o, a);
        }
    }

    @Test
    void validateNamesTheKeyOfWhatCannotRun() {
        String[][] cases = {
            {"profile_test/profile.skel.json", ":1:184: 'bpf_skel.maps[0].intepreter' asks for eunomia's stack_trace"},
            {"multiple_export_ringbuf/multiple-invalid-struct-2.json",
                ":36:39: 'bpf_skel.maps[1].export_config.custom_members' is not supported"},
        };
        for (String[] c : cases) {
            String path = EunomiaAssetsRunTest.asset(c[0]);
            Outcome o = cli("validate", path);
            assertEquals(3, o.code(), o.toString());
            List<String> lines = (o.out() + o.err()).lines().toList();
            assertEquals(1, lines.size(), o.toString());
            assertTrue(lines.getFirst().startsWith(path + c[1]), lines.getFirst());
        }
    }

    @Test
    void aHostileTypeIdOrMemberListIsOneLineNamingTheKey(@TempDir Path tmp) throws Exception {
        Path seeds = RunnerProcess.repoRoot().resolve("runner/src/test/resources/dev/ecli/runner/pkg/EunomiaFuzzTestInputs/skeleton");
        Files.copy(Path.of(EunomiaAssetsRunTest.asset("multiple_export_ringbuf/multiple.bpf.o")), tmp.resolve("multiple.bpf.o"));
        Path meta = tmp.resolve("multiple.skel.json");
        String[][] cases = {
            {"type-id-past-end", "'bpf_skel.maps[1].export_config.btf_type_id' is 999999, but the object's BTF has type ids 1 to"},
            {"type-id-not-a-struct", "'bpf_skel.maps[1].export_config.btf_type_id' is 1, which is a ptr in the object's BTF,"
                + " not a struct"},
            {"type-id-negative", "'bpf_skel.maps[1].export_config.btf_type_id' must be an integer from 0 to 2147483647, got -3"},
            {"type-id-string", "'bpf_skel.maps[1].export_config.btf_type_id' must be an integer from 0 to 2147483647, got \"321\""},
            {"members-wrong-name", "'export_types[0].members[1].name' is 'PPID', but member 1 of struct event_exec is 'ppid'"},
            {"members-too-many", "'export_types[0].members[0].name' is 'm0', but member 0 of struct event_exec is 'pid'"},
            {"members-not-a-list", "'export_types[0].members' must be a list, got integer"},
        };
        for (String[] c : cases) {
            Files.copy(seeds.resolve(c[0]), meta, StandardCopyOption.REPLACE_EXISTING);
            for (String command : List.of("validate", "inspect")) {
                Outcome o = cli(command, meta.toString());
                assertEquals(3, o.code(), c[0] + " " + command + ": " + o);
                List<String> lines = (o.out() + o.err()).lines().toList();
                assertEquals(1, lines.size(), o.toString());
                assertTrue(lines.getFirst().matches(".*multiple\\.skel\\.json:\\d+:\\d+: " + java.util.regex.Pattern.quote(c[1]) + ".*"),
                        c[0] + " " + command + ": " + lines.getFirst());
            }
        }
    }

    @Test
    void inspectShowsTheExportedStructsUnderTheirOwnNames() throws Exception {
        Outcome o = cli("inspect", EunomiaAssetsRunTest.asset("multiple_export_ringbuf/multiple.skel.json"));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("map rb_exec carries struct event_exec (152 bytes):"), o.out());
        assertTrue(o.out().contains("map rb_exit carries struct event_exit (40 bytes):"), o.out());

        Outcome j = cli("inspect", EunomiaAssetsRunTest.asset("bootstrap.json"), "-o", "json");
        assertEquals(0, j.code(), j.err());
        JsonNode export = JSON.readTree(j.out()).get("exports").get(0);
        assertEquals("rb", export.get("map").asText());
        assertEquals("event", export.get("struct").asText());
        List<String> names = new ArrayList<>();
        export.get("fields").forEach(f -> names.add(f.get("name").asText()));
        assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "filename", "exit_event", "et"), names);
    }

    @Test
    void inspectShowsTheSampledMaps() throws Exception {
        Outcome o = cli("inspect", EunomiaAssetsRunTest.asset("runqlat.json"));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("SAMPLED MAPS\nmap hists every 1000 ms, log2 histogram: key, slots, comm"), o.out());
        Outcome j = cli("inspect", EunomiaAssetsRunTest.asset("multiple_export_sample_map/multiple.skel.json"),
                "-o", "json");
        assertEquals(0, j.code(), j.err());
        assertEquals(JSON.readTree("""
                {"map":"map_exit","interval":"100","form":"key/value","clear":true,
                 "fields":["key","duration_ns","pid","ppid","exit_code","comm"]}"""),
                JSON.readTree(j.out()).get("sampled_maps").get(1));
    }
}
