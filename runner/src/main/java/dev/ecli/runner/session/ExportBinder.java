package dev.ecli.runner.session;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.pkg.ComputedSpec;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.stream.StreamView;
import dev.ecli.runner.pkg.PackageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a manifest's exports (map name + struct name) to the object's maps and BTF, compiling
 * a decode plan for each. With no exports, applies the eunomia convention: exactly one ring
 * buffer (or perf event array) and a struct named {@code event}. Deterministic: needs no kernel.
 */
public final class ExportBinder {
    /** The struct name the eunomia convention looks for. */
    static final String CONVENTIONAL_STRUCT = "event";

    private ExportBinder() {}

    /**
     * One requested export, with the manifest's per-field settings (never null) and, when the
     * package names the struct by BTF id, that id (else null).
     */
    public record Request(String map, String struct, Map<String, FieldSpec> fields, Integer typeId,
                          boolean variableLength, Map<String, ComputedSpec> computed) {
        public Request(String map, String struct) {
            this(map, struct, Map.of(), null, false, Map.of());
        }
    }

    /** The requests a manifest makes. */
    public static List<Request> requests(dev.ecli.runner.pkg.Manifest manifest) {
        return manifest.exports().stream().map(e -> new Request(e.map(), e.struct(), e.fields(), e.typeId(),
                e.variableLength(), e.computed()))
                .toList();
    }

    /**
     * The package's event streams: its exports, or with none the convention when the package
     * relies on it, or nothing when it only samples maps, serves metrics or exports nothing.
     * @throws PackageException naming the missing or unusable map or struct
     */
    public static List<EventStream> bind(dev.ecli.runner.pkg.PackageSpec spec, Map<String, Integer> mapTypes,
                                         Btf btf) throws PackageException {
        List<Request> requests = requests(spec.manifest());
        boolean readsMaps = !spec.manifest().maps().isEmpty() || !spec.manifest().metrics().isEmpty();
        if (requests.isEmpty() && (readsMaps || !spec.exportsByConvention())) {
            return List.of();
        }
        return bind(requests, mapTypes, btf, spec.objectName());
    }

    /**
     * @param requests what the manifest exports (empty: use the convention)
     * @param mapTypes every map of the object, name to {@code bpf_map_type}
     * @param btf      the object's BTF
     * @param object   the object's file name, for messages
     * @throws PackageException naming the missing or unusable map or struct
     */
    public static List<EventStream> bind(List<Request> requests, Map<String, Integer> mapTypes, Btf btf,
                                         String object) throws PackageException {
        List<Request> wanted = requests.isEmpty() ? convention(mapTypes, btf, object) : requests;
        List<EventStream> streams = new ArrayList<>();
        for (Request r : wanted) {
            Integer type = mapTypes.get(r.map());
            if (type == null) {
                throw new PackageException("map '" + r.map() + "' named in exports is not in " + object
                        + " (its maps: " + String.join(", ", mapTypes.keySet()) + ")");
            }
            if (!MapType.carriesEvents(type)) {
                throw new PackageException("map '" + r.map() + "' is a " + MapType.name(type)
                        + " map; exports must be ring buffers (BPF_MAP_TYPE_RINGBUF) or perf event arrays"
                        + " (BPF_MAP_TYPE_PERF_EVENT_ARRAY)");
            }
            DecodePlan plan = r.typeId() != null ? plan(btf, r.typeId(), r.struct(), object)
                    : plan(btf, r.struct(), object);
            streams.add(view(r, r.variableLength() ? plan.withVariableTail() : plan));
        }
        return streams;
    }

    /** The stream as the manifest and typedefs say it is shown: formats, widths, hidden fields. */
    private static EventStream view(Request r, DecodePlan plan) throws PackageException {
        List<String> unknown = StreamView.unknownFields(plan, r.fields());
        if (!unknown.isEmpty()) {
            throw new PackageException("fields of export '" + r.map() + "' name '" + unknown.getFirst()
                    + "', which struct " + r.struct() + " does not have (it has: "
                    + String.join(", ", StreamView.names(plan)) + ")");
        }
        List<String> problems = new ArrayList<>(StreamView.problems("export " + r.map() + ": fields", plan, r.fields()));
        problems.addAll(StreamView.computedProblems("export " + r.map() + ": computed", plan, r.computed()));
        if (!problems.isEmpty()) {
            throw new PackageException(problems.getFirst());
        }
        return StreamView.of(r.map(), plan, r.fields(), r.computed());
    }

    private static DecodePlan plan(Btf btf, String struct, String object) throws PackageException {
        boolean present = btf.find(struct, BtfKind.STRUCT).isPresent()
                || btf.find(struct, BtfKind.UNION).isPresent()
                || btf.find(struct, BtfKind.TYPEDEF).isPresent();
        if (!present) {
            throw new PackageException("struct '" + struct + "' is not in the BTF of " + object
                    + "; clang drops types used only through local pointers, so keep it with"
                    + " 'const volatile struct " + struct + " *unused_" + struct
                    + " __attribute__((unused));' in the .bpf.c");
        }
        try {
            return DecodePlan.compile(btf, struct);
        } catch (DecodeException e) {
            throw new PackageException("struct '" + struct + "' in " + object + ": " + e.getMessage());
        }
    }

    private static DecodePlan plan(Btf btf, int typeId, String struct, String object) throws PackageException {
        try {
            return DecodePlan.compile(btf, typeId);
        } catch (DecodeException e) {
            throw new PackageException("struct '" + struct + "' (BTF type " + typeId + ") in " + object + ": "
                    + e.getMessage());
        }
    }

    /** For an object with no event map: the maps the runner could print instead, as a hint. */
    private static String sampledHint(Map<String, Integer> mapTypes) {
        List<String> sampled = mapTypes.entrySet().stream()
                .filter(e -> MapType.sampleable(e.getValue()) && !e.getKey().contains("."))
                .map(Map.Entry::getKey).sorted().toList();
        return sampled.isEmpty() ? "" : ", or 'maps: {M: {}}' to print a map when the run stops (here: "
                + String.join(", ", sampled) + ")";
    }

    private static List<Request> convention(Map<String, Integer> mapTypes, Btf btf, String object)
            throws PackageException {
        List<String> rings = mapTypes.entrySet().stream()
                .filter(e -> MapType.carriesEvents(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
        boolean hasEvent = btf.find(CONVENTIONAL_STRUCT, BtfKind.STRUCT).isPresent();
        if (rings.size() != 1 || !hasEvent) {
            throw new PackageException("the manifest has no exports, and " + object
                    + " does not follow the convention (exactly one ring buffer or perf event array and a struct"
                    + " named '" + CONVENTIONAL_STRUCT + "'; it has " + rings.size() + " such map(s)"
                    + (hasEvent ? "" : " and no struct event") + "); add 'exports: [{map: M, struct: S}]'"
                    + (rings.isEmpty() ? sampledHint(mapTypes) : ""));
        }
        return List.of(new Request(rings.getFirst(), CONVENTIONAL_STRUCT));
    }
}
