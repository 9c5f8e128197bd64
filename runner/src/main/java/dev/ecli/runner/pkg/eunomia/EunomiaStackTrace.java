package dev.ecli.runner.pkg.eunomia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.PackageException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * eunomia's {@code stack_trace} interpreter of a ring buffer ({@code maps[].intepreter:
 * {"stack_trace": {"field_map": {...}, "with_symbols": true}}}): its events carry a kernel and a
 * user stack as {@code bpf_get_stack} filled them, with their sizes in bytes and the process.
 * The format (eunomia's, not a package's) names those fields, and field_map may rename them;
 * here they become field meanings: {@code kstack}/{@code ustack} bounded by their lengths, the
 * process for the user frames. Frames are always named, which eunomia only does on request.
 */
final class EunomiaStackTrace {
    /** The interpreter's fields by role, as eunomia's format names them unless field_map says otherwise. */
    private static final String[][] ROLES = {
        {"pid", "pid"}, {"kstack", "kstack"}, {"ustack", "ustack"}, {"kstack_sz", "kstack_sz"},
        {"ustack_sz", "ustack_sz"},
    };

    private EunomiaStackTrace() {}

    /**
     * The field meanings {@code intepreter} (the node at {@code at}) asks for; empty for the
     * default interpreter or none.
     * @throws PackageException when the interpreter is of a kind eunomia does not have
     */
    static Map<String, FieldSpec> fields(EunomiaMeta meta, String at) throws PackageException {
        if (!meta.has(at)) {
            return Map.of();
        }
        JsonNode node = meta.at(at);
        if (node.isTextual() && node.asText().equals("default_struct")) {
            return Map.of();
        }
        JsonNode config = node.isTextual() && node.asText().equals("stack_trace") ? null : node.get("stack_trace");
        if (config == null && !(node.isTextual() && node.asText().equals("stack_trace"))) {
            throw meta.fail(at, "is not an interpreter eunomia has (default_struct or stack_trace)");
        }
        Map<String, String> name = new LinkedHashMap<>();
        for (String[] role : ROLES) {
            JsonNode mapped = config == null ? null : config.path("field_map").get(role[0]);
            name.put(role[0], mapped != null && mapped.isTextual() ? mapped.asText() : role[1]);
        }
        Map<String, FieldSpec> out = new LinkedHashMap<>();
        out.put(name.get("pid"), new FieldSpec("process", null, false, null));
        out.put(name.get("kstack"), stack("kstack", name.get("kstack_sz")));
        out.put(name.get("ustack"), stack("ustack", name.get("ustack_sz")));
        return out;
    }

    private static FieldSpec stack(String format, String length) {
        return new FieldSpec(format, null, false, null, null, null, null, null, null, null, false, null, null, null,
                null, null, length);
    }
}
