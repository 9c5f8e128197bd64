package dev.ecli.runner.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.CPrinter;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.objinfo.AttachPoints;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.objinfo.Values;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.session.ExportBinder;
import dev.ecli.runner.session.PackageObject;
import dev.ecli.runner.session.ProgTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code inspect -o json}: a package as one JSON document, for tools. Programs (section, program
 * type, attach kind and target) and maps (type, key and value sizes, entries) as libbpf opens
 * them; exported structs with their fields' C types, offsets, sizes and bitfield widths; params,
 * the global variables of {@code .rodata}, {@code .bss} and {@code .data} an option can set, with
 * their C type and the default compiled into the object. Opens the object but loads nothing.
 */
public final class InspectReport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> PARAM_SECTIONS = List.of(".rodata", ".bss", ".data");

    private InspectReport() {}

    /**
     * The report of a loaded package.
     * @throws PackageException when the object or its exports are invalid
     * @throws BpfException     when libbpf cannot open the object
     */
    public static ObjectNode of(PackageSpec pkg) throws PackageException, BpfException {
        ObjectSpec parsed = pkg.object();
        Btf btf = parsed.btf();
        ObjectNode root = NODES.objectNode();
        root.put("name", pkg.manifest().name());
        root.put("description", pkg.manifest().description());
        root.put("object", pkg.objectName());
        root.put("kind", pkg.kind().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Integer> mapTypes = new LinkedHashMap<>();
        try (BpfObject object = PackageObject.open(pkg)) {
            ArrayNode programs = root.putArray("programs");
            for (BpfProgram p : object.programs()) {
                AttachPoints.AttachPoint at = AttachPoints.of(p.section());
                programs.addObject().put("name", p.name()).put("section", p.section())
                        .put("type", ProgTypes.name(p.type())).put("attach", at.kind()).put("target", at.target());
            }
            ArrayNode maps = root.putArray("maps");
            for (BpfMap m : object.maps()) {
                mapTypes.put(m.name(), m.type());
                maps.addObject().put("name", m.name()).put("type", MapType.name(m.type()))
                        .put("key_size", m.keySize()).put("value_size", m.valueSize())
                        .put("max_entries", m.maxEntries());
            }
        }
        ArrayNode exports = root.putArray("exports");
        for (EventStream s : ExportBinder.bind(pkg, mapTypes, btf)) {
            ObjectNode e = exports.addObject().put("map", s.map()).put("struct", s.plan().typeName())
                    .put("size", s.plan().size());
            if (btf.resolve(s.plan().typeId()) instanceof BtfType.Composite c) {
                e.set("fields", fields(btf, c, 0));
            }
        }
        ArrayNode sampled = root.putArray("sampled_maps");
        for (SampledMaps.Sampled m : SampledMaps.of(pkg, btf)) {
            ObjectNode o = sampled.addObject().put("map", m.map()).put("interval", m.interval()).put("form", m.form())
                    .put("clear", m.clear());
            m.fields().forEach(o.putArray("fields")::add);
        }
        root.set("params", params(pkg, parsed, btf));
        ArrayNode kernels = root.putArray("kernel_btf");
        pkg.manifest().btf().forEach((release, b) -> kernels.addObject().put("release", release).put("file", b.file()));
        return root;
    }

    /** Members in order; an anonymous struct or union member lists its own under {@code fields}. */
    private static ArrayNode fields(Btf btf, BtfType.Composite c, long baseBits) {
        ArrayNode out = NODES.arrayNode();
        for (BtfType.Member m : c.members()) {
            long bits = baseBits + btf.memberBitOffset(m);
            int width = btf.bitfieldWidth(m);
            ObjectNode f = out.addObject().put("name", m.name()).put("type", CPrinter.typeName(btf, m.typeId()))
                    .put("offset", bits / 8).put("size", size(btf, m.typeId())).put("bit_offset", bits)
                    .put("bitfield_width", width);
            if (m.name().isEmpty() && btf.resolve(m.typeId()) instanceof BtfType.Composite inner) {
                f.set("fields", fields(btf, inner, bits));
            }
        }
        return out;
    }

    private static long size(Btf btf, int typeId) {
        try {
            return btf.sizeOf(typeId);
        } catch (BtfFormatException e) {
            return 0;
        }
    }

    private static ArrayNode params(PackageSpec pkg, ObjectSpec parsed, Btf btf) {
        Map<String, ParamSpec> options = new LinkedHashMap<>();
        try {
            ParamSpec.discover(btf, parsed.elf(), pkg.manifest()).forEach(p -> options.put(p.variable(), p));
        } catch (PackageException | RuntimeException e) {
            // The params list still shows what the object holds; validate reports the manifest's mistakes.
        }
        ArrayNode out = NODES.arrayNode();
        for (ObjectSpec.Variable v : parsed.variables()) {
            if (!PARAM_SECTIONS.contains(v.section()) || v.linkage() != 1 || !Values.settable(btf, v.typeId())) {
                continue;
            }
            ObjectNode p = out.addObject().put("name", v.name()).put("section", v.section())
                    .put("type", CPrinter.typeName(btf, v.typeId()).replace("volatile ", "").replace("const ", "").strip());
            p.set("default", MAPPER.valueToTree(Values.decode(btf, v.typeId(), v.initial(), parsed.elf().byteOrder())));
            ParamSpec spec = options.get(v.name());
            if (spec != null) {
                p.put("option", "--" + spec.longName());
                if (spec.shortName() != null) {
                    p.put("short", "-" + spec.shortName());
                }
                p.put("description", spec.description());
            }
        }
        for (ParamSpec spec : options.values()) {
            if (spec.runnerOnly()) { // an option the runner reads (params.NAME.type): no variable behind it
                ObjectNode p = out.addObject().put("name", spec.variable()).put("type", spec.cType())
                        .put("default", spec.defaultText()).put("option", "--" + spec.longName());
                if (spec.shortName() != null) {
                    p.put("short", "-" + spec.shortName());
                }
                p.put("description", spec.description());
            }
        }
        return out;
    }

    /** The report as indented JSON, ending with a newline. */
    public static String toJson(JsonNode report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }
}
