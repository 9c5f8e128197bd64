package dev.ecli.runner.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.runner.attach.AttachPlan;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.AttachSpec;
import dev.ecli.runner.pkg.manifest.ManifestDocument;
import dev.ecli.runner.pkg.Program;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code programs.NAME.attach} against the object: the attach type fits the program's
 * section, the settings it needs are there, and every {@code ${name}} is a parameter.
 */
final class AttachChecks {
    private AttachChecks() {}

    static void check(ManifestDocument doc, Map<String, Program> programs, ObjectSpec facts, String object,
                      List<String> out) {
        // Programs the manifest says nothing about, whose section cannot attach alone (SEC("xdp")...).
        for (ObjectSpec.Program p : facts.programs()) {
            Program declared = programs.get(p.name());
            if (declared == null || declared.attach() == null) {
                String problem = AttachPlan.problem(null, p.section(), p.name());
                if (problem != null) {
                    String key = ManifestDocument.child("/programs", p.name());
                    out.add(doc.keyAt(key) != null ? doc.atKey(key, problem) : doc.at("/programs", problem));
                }
            }
        }
        for (Iterator<String> it = doc.root().path("programs").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode attach = doc.root().path("programs").path(name).path("attach");
            Program declared = programs.get(name);
            if (attach.isMissingNode() || declared == null || declared.attach() == null) {
                continue;
            }
            String at = ManifestDocument.child("/programs", name) + "/attach";
            var program = facts.program(name);
            if (program.isEmpty()) {
                continue;
            }
            List<AttachSpec> specs = declared.attachments();
            for (int i = 0; i < specs.size(); i++) {
                String atOne = attach.isArray() ? at + "/" + i : at;
                JsonNode node = attach.isArray() ? attach.get(i) : attach;
                AttachSpec spec = specs.get(i);
                String problem = AttachPlan.problem(spec, program.get().section(), name);
                if (problem != null) {
                    out.add(doc.at(atOne, problem));
                }
                for (String ref : AttachPlan.references(spec)) {
                    if (doc.root().path("params").path(ref).has("type")) {
                        continue; // an option the runner reads, not a variable
                    }
                    String wrong = Kinds.paramProblem(facts, ref, object);
                    if (wrong != null) {
                        String where = atOne;
                        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                            String k = keys.next();
                            if (node.get(k).asText().contains("${" + ref + "}")) {
                                where = atOne + "/" + k;
                                break;
                            }
                        }
                        out.add(doc.at(where, "programs." + name + ".attach: ${" + ref + "} is not a parameter: "
                                + wrong));
                    }
                }
            }
        }
    }
}
