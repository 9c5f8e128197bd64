package dev.ecli.runner.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ReservedOptions;
import dev.ecli.runner.pkg.manifest.ManifestDocument;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.session.DropCounter;
import dev.ecli.runner.session.ExportBinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a package like a compiler checks a source: the manifest against the schema, then every
 * name it uses against the object's BTF and ELF (maps, structs, fields, programs, params, with the
 * kinds they must have), then what {@code run} would refuse. Reports every problem, one line each,
 * at the place in the manifest at fault. Loads nothing into the kernel and needs no privilege.
 */
public final class PackageValidator {
    private PackageValidator() {}

    /**
     * Every problem of a package, first in the manifest first; empty when {@code run} would accept it.
     *
     * @param packagePath a package directory or a manifest file (also an eunomia {@code package.json})
     * @throws PackageException when there is no manifest to check: the path does not exist, or the
     *                          directory has no manifest
     */
    public static List<String> check(Path packagePath) throws PackageException {
        return check(packagePath, Set.of());
    }

    /**
     * As {@link #check(Path)}, also reporting params whose options {@code run} already has.
     * @param runOptions the run command's option names, with dashes ({@code -o}, {@code --filter})
     */
    public static List<String> check(Path packagePath, Set<String> runOptions) throws PackageException {
        Path manifest = PackageLoader.locate(packagePath);
        ManifestDocument doc;
        try {
            doc = ManifestDocument.read(manifest);
        } catch (PackageException e) {
            return List.of(e.getMessage());
        }
        if (!doc.isEunomia() && !doc.isOverlay()) {
            List<String> schema = doc.schemaProblems();
            if (!schema.isEmpty()) {
                return schema;
            }
        }
        PackageSpec spec;
        ObjectSpec facts;
        try {
            spec = PackageLoader.load(packagePath);
            facts = spec.object();
        } catch (PackageException e) {
            return List.of(e.getMessage());
        }
        String file = doc.path().toString();
        List<String> problems = new ArrayList<>();
        // An overlay was checked as a whole manifest when it loaded; its file has no object to check against.
        boolean own = !doc.isEunomia() && !doc.isOverlay();
        boolean exportsOk = !own || checkExports(doc, facts, spec.objectName(), problems);
        boolean paramsOk = !own || checkParams(doc, facts, spec.objectName(), problems);
        if (own) {
            checkPrograms(doc, facts, spec.objectName(), problems);
            AttachChecks.check(doc, spec.manifest().programs(), facts, spec.objectName(), problems);
        }
        // What run itself would refuse, once the names are right: the convention, decode plans, param types.
        Map<String, Integer> mapTypes = new LinkedHashMap<>();
        facts.maps().forEach(m -> mapTypes.put(m.name(), m.type()));
        if (own) {
            MapChecks.check(doc, spec.manifest().maps(), facts.btf(), facts, spec.objectName(), problems);
            MetricChecks.check(doc, spec.manifest(), facts.btf(), facts, spec.objectName(), problems);
        }
        if (exportsOk) {
            try {
                ExportBinder.bind(spec, mapTypes, facts.btf());
            } catch (PackageException | RuntimeException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        if (paramsOk) {
            try {
                List<ParamSpec> params = ParamSpec.discover(facts.btf(), facts.elf(), spec.manifest());
                for (ReservedOptions.Clash c : ReservedOptions.of(params, runOptions)) {
                    String at = ManifestDocument.child("/params", c.param().variable());
                    problems.add(doc.isEunomia() ? file + ": " + c.message()
                            : c.isShort() ? doc.at(at + "/short", c.message())
                            : doc.valueAt(at + "/long") != null ? doc.at(at + "/long", c.message())
                            : doc.atKey(at, c.message()));
                }
                if (own) {
                    LoadChecks.check(spec.manifest(), facts, params).forEach(p -> problems.add(file + ": " + p));
                }
            } catch (PackageException | RuntimeException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        checkKernelBtf(spec, problems);
        return problems;
    }

    /** Each kernel's BTF ({@code btf:}) is a file inside the package that reads as BTF. */
    private static void checkKernelBtf(PackageSpec spec, List<String> out) {
        for (String release : spec.manifest().btf().keySet()) {
            try {
                dev.ecli.btf.Btf.read(dev.ecli.runner.pkg.EmbeddedBtfs.forRelease(spec, release));
            } catch (PackageException e) {
                out.add(e.getMessage());
            } catch (BtfFormatException | java.io.UncheckedIOException e) {
                out.add(spec.manifestPath().getFileName() + ": btf." + release + ".file "
                        + spec.manifest().btf().get(release).file() + ": " + e.getMessage());
            }
        }
    }

    private static boolean checkExports(ManifestDocument doc, ObjectSpec facts, String object, List<String> out) {
        int before = out.size();
        JsonNode exports = doc.root().path("exports");
        for (int i = 0; i < exports.size(); i++) {
            String at = "/exports/" + i;
            String where = "exports[" + i + "]";
            String map = exports.get(i).path("map").asText();
            var def = facts.map(map);
            if (def.isEmpty()) {
                out.add(doc.at(at + "/map", where + ".map: no map '" + map + "' in " + object + " "
                        + Candidates.of(map, "maps", facts.maps().stream().map(ObjectSpec.MapDef::name).toList())));
            } else if (!Kinds.isEventMap(def.get().type())) {
                out.add(doc.at(at + "/map", where + ".map: map '" + map + "' is a " + Kinds.mapType(def.get().type())
                        + " map; exports must be ring buffers or perf event arrays"));
            }
            JsonNode drops = exports.get(i).path("drops");
            String wrongDrops = drops.isTextual() ? DropCounter.problem(facts.btf(), drops.asText(), map) : null;
            if (wrongDrops != null) {
                out.add(doc.at(at + "/drops", wrongDrops));
            }
            String struct = exports.get(i).path("struct").asText();
            String wrong = Kinds.structProblem(facts.btf(), struct, object);
            if (wrong != null) {
                out.add(doc.at(at + "/struct", where + ".struct: " + wrong));
                continue;
            }
            JsonNode fields = exports.get(i).path("fields");
            if (fields.isObject() && !fields.isEmpty()) {
                checkFields(doc, facts.btf(), struct, at, where, fields, out);
            }
        }
        return out.size() == before;
    }

    private static void checkFields(ManifestDocument doc, Btf btf, String struct, String at, String where,
                                    JsonNode fields, List<String> out) {
        List<String> have;
        try {
            have = DecodePlan.compile(btf, struct).fields().stream().map(Field::name).toList();
        } catch (DecodeException | RuntimeException e) {
            out.add(doc.at(at + "/struct", where + ".struct: '" + struct + "' cannot be decoded: " + e.getMessage()));
            return;
        }
        for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!have.contains(f)) {
                out.add(doc.atKey(ManifestDocument.child(at + "/fields", f), where + ".fields: struct "
                        + struct + " has no field '" + f + "' " + Candidates.of(f, "fields", have)));
            }
        }
    }

    private static boolean checkParams(ManifestDocument doc, ObjectSpec facts, String object, List<String> out) {
        int before = out.size();
        JsonNode params = doc.root().path("params");
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String at = ManifestDocument.child("/params", name);
            if (params.get(name).has("type")) {
                continue; // an option the runner reads: ParamSpec.discover checks it has no variable
            }
            String wrong = Kinds.paramProblem(facts, name, object);
            if (wrong != null) {
                out.add(doc.atKey(at, "params." + name + ": " + wrong));
                continue;
            }
            JsonNode cgroupMap = params.get(name).path("cgroup-map");
            if (cgroupMap.isTextual()) {
                var def = facts.map(cgroupMap.asText());
                if (def.isEmpty() || !MapType.CGROUP_ARRAY.is(def.get().type())) {
                    out.add(doc.at(at + "/cgroup-map", "params." + name + ".cgroup-map: "
                            + (def.isEmpty() ? "no map '" + cgroupMap.asText() + "' in " + object + " "
                            + Candidates.of(cgroupMap.asText(), "maps", facts.maps().stream()
                                    .map(ObjectSpec.MapDef::name).toList())
                            : "map '" + cgroupMap.asText() + "' is a " + Kinds.mapType(def.get().type()) + " map")
                            + "; it must be a BPF_MAP_TYPE_CGROUP_ARRAY"));
                }
            }
        }
        return out.size() == before;
    }

    private static void checkPrograms(ManifestDocument doc, ObjectSpec facts, String object, List<String> out) {
        for (Iterator<String> it = doc.root().path("programs").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (facts.program(name).isEmpty()) {
                List<String> programs = facts.programs().stream().map(ObjectSpec.Program::name).toList();
                out.add(doc.atKey(ManifestDocument.child("/programs", name), "programs." + name + ": no program '"
                        + name + "' in " + object + " " + Candidates.of(name, "programs", programs)));
            }
        }
    }
}
