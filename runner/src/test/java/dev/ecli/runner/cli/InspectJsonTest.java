package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code inspect -o json}: programs with section and attach point, maps with type and sizes,
 * exported structs with each field's C type, offset, size and bitfield width, and params with the
 * defaults compiled into the object. Nothing is loaded, so no privilege is needed.
 */
class InspectJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode inspect(String pkg) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("inspect", RunnerProcess.repoRoot().resolve(pkg).toString(), "-o", "json");
        assertEquals(0, code, err.toString());
        return JSON.readTree(out.toString());
    }

    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " in " + array);
    }

    @Test
    void exitsnoop() throws Exception {
        JsonNode r = inspect("packages/exitsnoop");
        assertEquals("exitsnoop", r.get("name").asText());
        assertEquals(JSON.readTree("""
                [{"name":"handle_exit","section":"tp/sched/sched_process_exit","type":"tracepoint",
                  "attach":"tracepoint","target":"sched/sched_process_exit"}]"""), r.get("programs"));
        assertEquals(JSON.readTree("""
                {"name":"rb","type":"ringbuf","key_size":0,"value_size":0,"max_entries":262144}"""),
                named(r.get("maps"), "rb"));
        assertEquals(JSON.readTree("""
                {"name":"cgroup_map","type":"cgroup_array","key_size":4,"value_size":4,"max_entries":1}"""),
                named(r.get("maps"), "cgroup_map"));

        JsonNode export = r.get("exports").get(0);
        assertEquals("rb", export.get("map").asText());
        assertEquals("event", export.get("struct").asText());
        assertEquals(64, export.get("size").asInt());
        List<String> names = new ArrayList<>();
        export.get("fields").forEach(f -> names.add(f.get("name").asText()));
        assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "tid", "sig", "core_dumped",
                "cgroup_id"), names);
        assertEquals(JSON.readTree("""
                {"name":"comm","type":"char [16]","offset":24,"size":16,"bit_offset":192,"bitfield_width":0}"""),
                named(export.get("fields"), "comm"));

        assertEquals(JSON.readTree("""
                {"name":"target_pid","section":".rodata","type":"pid_t","default":0,"option":"--pid","short":"-p",
                 "description":"Trace this process ID only."}"""), named(r.get("params"), "target_pid"));
        assertEquals(false, named(r.get("params"), "trace_failed_only").get("default").asBoolean(true));
        // Pointers kept only to hold a struct in BTF are no params.
        r.get("params").forEach(p -> assertEquals(false, p.get("type").asText().contains("*"), p.toString()));
    }

    @Test
    void bitfieldsAndAnonymousMembers() throws Exception {
        JsonNode fields = inspect("runner/src/test/bpf/allkinds").get("exports").get(0).get("fields");
        JsonNode a = named(fields, "bf_a");
        JsonNode b = named(fields, "bf_b");
        assertEquals(3, a.get("bitfield_width").asInt());
        assertEquals(5, b.get("bitfield_width").asInt());
        assertEquals(a.get("bit_offset").asLong() + 3, b.get("bit_offset").asLong());
        assertEquals("unsigned int", b.get("type").asText());
        JsonNode anon = named(fields, "");
        assertEquals("anon_x", anon.get("fields").get(0).get("name").asText());
        assertEquals(anon.get("offset").asLong(), anon.get("fields").get(0).get("offset").asLong());
    }
}
