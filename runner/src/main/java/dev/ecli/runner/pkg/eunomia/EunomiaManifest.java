package dev.ecli.runner.pkg.eunomia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.objinfo.Values;
import dev.ecli.runner.pkg.AttachSpec;
import dev.ecli.runner.pkg.EunomiaExportType;
import dev.ecli.runner.pkg.Export;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.HistogramSpec;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.Param;
import dev.ecli.runner.pkg.Program;
import dev.ecli.runner.pkg.manifest.ManifestValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates an eunomia package's metadata into the runner's own {@link Manifest}, choosing what
 * to print the way eunomia's loader does, so that the rest of the runner runs it as any package:
 * <ul>
 *   <li>by default the export map is the last of {@code bpf_skel.maps} that has a {@code sample}
 *       setting or is a ring buffer / perf event array; a ring buffer carries the struct
 *       {@code export_types[0]} describes (found by its {@code type_id});</li>
 *   <li>with {@code enable_multiple_export_types}, every map whose {@code export_config} is not
 *       {@code no_export} is exported: a ring buffer with the struct its {@code btf_type_id} names
 *       or its {@code custom_members} lay out ({@link EunomiaCustomMembers}),
 *       a sampled map with its own key and value types;</li>
 *   <li>{@code sample} ({@code interval}, {@code type} log2_hist / linear_hist / default_kv,
 *       {@code clear_map}, {@code unit}) becomes a sampled map ({@link MapSpec});</li>
 *   <li>{@code data_sections} variables with their {@code cmdarg} ({@code default}, {@code long},
 *       {@code short}, {@code help}) become parameters.</li>
 * </ul>
 * A package whose {@code bpf_skel} lists no maps at all has its {@code export_types[0]} carried by
 * the object's last ring buffer or perf event array.
 * A package with no export map exports nothing ({@link PackageSpec#exportsByConvention()} false).
 */
final class EunomiaManifest {
    /** Prefix of the variables ecc adds only to keep a struct in the BTF; never options. */
    private static final String DUMMY = "__eunomia_dummy";
    /** Longest sampling interval accepted, in milliseconds (a day). */
    private static final long MAX_INTERVAL_MS = 86_400_000L;

    private EunomiaManifest() {}

    /**
     * @param meta   the metadata
     * @param name   the package's name ({@code bpf_skel.obj_name})
     * @param object the object's file name
     * @param facts  the object's programs, maps and variables
     * @param types  {@code export_types}, as read
     * @param custom the struct of each map with {@code custom_members}, by the map's path
     * @throws PackageException naming the key that cannot be run as it says
     */
    static Manifest translate(EunomiaMeta meta, String name, String object, ObjectSpec facts,
                              List<EunomiaExportType> types, Map<String, EunomiaTypes.Resolved> custom)
            throws PackageException {
        String description = Optional.ofNullable(meta.text("bpf_skel/doc/brief"))
                .orElse(meta.text("bpf_skel/doc/description"));
        JsonNode maps = meta.list("bpf_skel/maps");
        List<Export> exports = new ArrayList<>();
        Map<String, MapSpec> sampled = new LinkedHashMap<>();
        boolean multiple = meta.bool("enable_multiple_export_types", false);
        for (int i = 0; i < maps.size(); i++) {
            String at = "bpf_skel/maps/" + i;
            if (!maps.get(i).isObject()) {
                throw meta.fail(at, "must be a mapping, got " + ManifestValidator.typeName(maps.get(i)));
            }
            String config = exportConfig(meta, at);
            if (multiple && config.equals("no_export")) {
                continue;
            }
            String map = meta.text(at + "/name");
            if (map == null || map.isEmpty()) {
                throw meta.fail(at + "/name", "must be the map's name");
            }
            Optional<ObjectSpec.MapDef> def = facts.map(map);
            if (meta.has(at + "/sample")) {
                if (def.isEmpty()) {
                    throw missingMap(meta, at, map, object, facts);
                }
                if (multiple && !config.equals("default")) {
                    throw meta.fail(at + "/export_config", "is " + maps.get(i).get("export_config")
                            + "; a sampled map is printed with its own key and value types, so only \"default\""
                            + " is supported here");
                }
                if (!multiple) {
                    exports.clear();
                    sampled.clear();
                }
                sampled.put(map, sample(meta, at + "/sample"));
                continue;
            }
            int type = def.map(ObjectSpec.MapDef::type).orElse(-1);
            if (!MapType.carriesEvents(type)) {
                if (multiple && def.isEmpty()) {
                    throw missingMap(meta, at, map, object, facts);
                }
                continue;
            }
            Map<String, FieldSpec> stackFields = EunomiaStackTrace.fields(meta, at + "/intepreter");
            EunomiaTypes.Resolved struct = multiple ? exportedByConfig(meta, at, config, facts, custom)
                    : firstExportType(meta, at, map, types, facts);
            if (!multiple) {
                exports.clear();
                sampled.clear();
            }
            exports.add(new Export(map, struct.name(), stackFields, null, struct.typeId()));
        }
        if (!meta.has("bpf_skel/maps") && !types.isEmpty()) {
            // A trimmed package listing no maps: the object's last ring buffer / perf event
            // array carries export_types[0], as eunomia's loader would find it in the skeleton.
            List<String> rings = facts.maps().stream()
                    .filter(m -> MapType.carriesEvents(m.type())).map(ObjectSpec.MapDef::name)
                    .toList();
            if (!rings.isEmpty()) {
                EunomiaTypes.Resolved struct = firstExportType(meta, "bpf_skel", rings.getLast(), types, facts);
                exports.add(new Export(rings.getLast(), struct.name(), null, null, struct.typeId()));
            }
        }
        return new Manifest(name, description, object, exports, params(meta, facts), programs(meta), sampled, null, null,
                meta.text("bpf_skel/doc/version"), null, null, null, null, null, null, null);
    }

    /** {@code export_config}: a string, or the one key of a mapping; {@code no_export} when absent. */
    private static String exportConfig(EunomiaMeta meta, String at) throws PackageException {
        JsonNode c = meta.at(at + "/export_config");
        if (c.isMissingNode() || c.isNull()) {
            return "no_export";
        }
        if (c.isTextual() && (c.asText().equals("no_export") || c.asText().equals("default"))) {
            return c.asText();
        }
        if (c.isObject() && c.size() == 1) {
            return c.fieldNames().next();
        }
        throw meta.fail(at + "/export_config", "must be \"no_export\", \"default\", {\"btf_type_id\": ID} or"
                + " {\"custom_members\": [...]}, got " + c);
    }

    private static EunomiaTypes.Resolved exportedByConfig(EunomiaMeta meta, String at, String config,
                                                          ObjectSpec facts, Map<String, EunomiaTypes.Resolved> custom)
            throws PackageException {
        String key = at + "/export_config";
        return switch (config) {
            case "btf_type_id" -> EunomiaTypes.byId(meta, key + "/btf_type_id",
                    meta.count(key + "/btf_type_id", -1, Integer.MAX_VALUE), facts.btf());
            case "default" -> throw meta.fail(key, "is \"default\", which eunomia allows only for sampled maps;"
                    + " a ring buffer needs {\"btf_type_id\": ID}");
            case "custom_members" -> custom.get(at);
            default -> throw meta.fail(key + "/" + config, "is not an export setting eunomia knows (no_export,"
                    + " default, btf_type_id, custom_members)");
        };
    }

    private static EunomiaTypes.Resolved firstExportType(EunomiaMeta meta, String at, String map,
                                                         List<EunomiaExportType> types, ObjectSpec facts)
            throws PackageException {
        if (types.isEmpty()) {
            throw meta.fail(at, "names map '" + map + "', a ring buffer or perf event array, but '"
                    + meta.name("export_types") + "' is empty: eunomia prints its records as export_types[0]");
        }
        return EunomiaTypes.exportType(meta, 0, types.getFirst(), facts.btf());
    }

    private static PackageException missingMap(EunomiaMeta meta, String at, String map, String object,
                                               ObjectSpec facts) {
        return meta.fail(at + "/name", "names map '" + map + "', which " + object + " does not have (its maps: "
                + String.join(", ", facts.maps().stream().map(ObjectSpec.MapDef::name).toList()) + ")");
    }

    /**
     * The interfaces of xdp and tc programs ({@code progs[i].ifindex}, {@code tchook.ifindex},
     * {@code tchook.attach_point}), which eunomia takes by index (1, the loopback, when absent).
     */
    private static Map<String, Program> programs(EunomiaMeta meta) throws PackageException {
        Map<String, Program> out = new LinkedHashMap<>();
        JsonNode progs = meta.list("bpf_skel/progs");
        for (int i = 0; i < progs.size(); i++) {
            String at = "bpf_skel/progs/" + i;
            String prog = meta.text(at + "/name");
            String attach = meta.text(at + "/attach");
            if (prog == null || attach == null) {
                continue;
            }
            if (attach.equals("xdp")) {
                long ifindex = meta.count(at + "/ifindex", 1, Integer.MAX_VALUE);
                out.put(prog, new Program(null, null, new AttachSpec("xdp", null, null, null, null, null, null, null,
                        Long.toString(ifindex), null, null, null, null)));
            } else if (attach.equals("tc")) {
                long ifindex = meta.count(at + "/tchook/ifindex", 1, Integer.MAX_VALUE);
                String point = Optional.ofNullable(meta.text(at + "/tchook/attach_point")).orElse("BPF_TC_INGRESS");
                if (!point.equals("BPF_TC_INGRESS") && !point.equals("BPF_TC_EGRESS")) {
                    throw meta.fail(at + "/tchook/attach_point", "is '" + point + "'; ecli-java attaches tc programs"
                            + " at BPF_TC_INGRESS or BPF_TC_EGRESS");
                }
                out.put(prog, new Program(null, null, new AttachSpec("tc", null, null, null, null, null, null, null,
                        Long.toString(ifindex), point.equals("BPF_TC_EGRESS") ? "egress" : "ingress", null, null,
                        null)));
            }
        }
        return out;
    }

    /** A {@code sample} setting as a sampled map. */
    private static MapSpec sample(EunomiaMeta meta, String at) throws PackageException {
        if (!meta.at(at).isObject()) {
            throw meta.fail(at, "must be a mapping, got " + ManifestValidator.typeName(meta.at(at)));
        }
        long interval = meta.count(at + "/interval", -1, MAX_INTERVAL_MS);
        if (interval < 1) {
            throw meta.fail(at + "/interval", "must be the milliseconds between prints, from 1 to " + MAX_INTERVAL_MS);
        }
        String type = Optional.ofNullable(meta.text(at + "/type")).orElse("default_kv");
        String unit = meta.text(at + "/unit");
        HistogramSpec histogram = switch (type) {
            case "log2_hist" -> new HistogramSpec(null, HistogramSpec.LOG2, unit, null, null);
            case "linear_hist" -> new HistogramSpec(null, HistogramSpec.LINEAR, unit, null, null);
            case "default_kv" -> null;
            default -> throw meta.fail(at + "/type", "is '" + type + "'; eunomia's sample types are log2_hist,"
                    + " linear_hist and default_kv");
        };
        return new MapSpec(null, Long.toString(interval), meta.bool(at + "/clear_map", false), histogram, null, null,
                null, null, null, null);
    }

    /**
     * The {@code data_sections} variables an option can set, with their {@code cmdarg}; eunomia's
     * long option defaults to the variable's own name.
     */
    private static Map<String, Param> params(EunomiaMeta meta, ObjectSpec facts) throws PackageException {
        Map<String, Param> out = new LinkedHashMap<>();
        JsonNode sections = meta.list("bpf_skel/data_sections");
        for (int s = 0; s < sections.size(); s++) {
            JsonNode vars = meta.list("bpf_skel/data_sections/" + s + "/variables");
            for (int v = 0; v < vars.size(); v++) {
                String at = "bpf_skel/data_sections/" + s + "/variables/" + v;
                String var = meta.text(at + "/name");
                if (var == null || var.startsWith(DUMMY)) {
                    continue;
                }
                Optional<ObjectSpec.Variable> found = facts.variable(var);
                // Only what the object holds as a settable global; the rest (pointers kept for
                // their BTF, arrays of numbers) have no option here.
                if (found.isEmpty() || found.get().linkage() == 0 || !Values.settable(facts.btf(), found.get().typeId())
                        || !List.of(".rodata", ".bss", ".data").contains(found.get().section())) {
                    continue;
                }
                String help = Optional.ofNullable(meta.text(at + "/cmdarg/help")).orElse(meta.text(at + "/description"));
                String longName = Optional.ofNullable(meta.text(at + "/cmdarg/long")).orElse(var);
                String shortName = meta.text(at + "/cmdarg/short");
                Object value = value(meta, at + "/cmdarg/default");
                if (value == null) {
                    value = value(meta, at + "/value");
                }
                out.put(var, new Param(help, shortName, longName, value));
            }
        }
        return out;
    }

    /**
     * An option for every global of the object an option can set, named as the variable: what a
     * package from before {@code data_sections} (eunomia before 0.3) offers.
     */
    static Map<String, Param> objectParams(ObjectSpec facts) {
        Map<String, Param> out = new LinkedHashMap<>();
        for (ObjectSpec.Variable v : facts.variables()) {
            if (!v.name().startsWith(DUMMY) && v.linkage() != 0 && Values.settable(facts.btf(), v.typeId())
                    && List.of(".rodata", ".bss", ".data").contains(v.section())) {
                out.put(v.name(), new Param(null, null, v.name(), null));
            }
        }
        return out;
    }

    /** A default as our parameters take one: a string, number or boolean. */
    private static Object value(EunomiaMeta meta, String at) throws PackageException {
        JsonNode n = meta.at(at);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        throw meta.fail(at, "must be a string, number or boolean, got " + ManifestValidator.typeName(n));
    }
}
