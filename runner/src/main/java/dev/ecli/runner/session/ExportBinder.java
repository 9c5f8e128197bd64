package dev.ecli.runner.session;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.output.EventStream;
import dev.ecli.runner.pkg.PackageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a manifest's exports (map name + struct name) to the object's maps and BTF, compiling
 * a decode plan for each. With no exports, applies the eunomia convention: exactly one ring
 * buffer and a struct named {@code event}. Deterministic: needs no kernel.
 */
public final class ExportBinder {
    /** The struct name the eunomia convention looks for. */
    static final String CONVENTIONAL_STRUCT = "event";

    private ExportBinder() {}

    /** One requested export. */
    public record Request(String map, String struct) {}

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
            if (type != MapTypes.RINGBUF) {
                throw new PackageException("map '" + r.map() + "' is a " + MapTypes.name(type)
                        + " map; exports must be ring buffers (BPF_MAP_TYPE_RINGBUF)");
            }
            streams.add(new EventStream(r.map(), plan(btf, r.struct(), object)));
        }
        return streams;
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

    private static List<Request> convention(Map<String, Integer> mapTypes, Btf btf, String object)
            throws PackageException {
        List<String> rings = mapTypes.entrySet().stream()
                .filter(e -> e.getValue() == MapTypes.RINGBUF)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
        boolean hasEvent = btf.find(CONVENTIONAL_STRUCT, BtfKind.STRUCT).isPresent();
        if (rings.size() != 1 || !hasEvent) {
            throw new PackageException("the manifest has no exports, and " + object
                    + " does not follow the convention (exactly one ring buffer and a struct named '"
                    + CONVENTIONAL_STRUCT + "'; it has " + rings.size() + " ring buffer(s)"
                    + (hasEvent ? "" : " and no struct event") + "); add 'exports: [{map: M, struct: S}]'");
        }
        return List.of(new Request(rings.getFirst(), CONVENTIONAL_STRUCT));
    }
}
