package dev.ecli.runner.validate;

import dev.ecli.btf.Btf;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.manifest.ManifestDocument;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sample.GlobalCells;
import dev.ecli.runner.sample.MapLayout;
import dev.ecli.runner.sample.MapSampler;
import dev.ecli.runner.stream.StreamView;
import java.util.List;
import java.util.Map;

/**
 * Checks the manifest's {@code maps:} against the object: each map exists and is of a kind
 * that can be sampled, has BTF key and value types, and the histogram field, sort field and
 * field settings name what key and value have.
 */
final class MapChecks {
    private MapChecks() {}

    /**
     * The message at the setting it names ({@code maps.NAME.histogram.field: ...} at that
     * value), or at the entry's key ({@code mapPointer}, e.g. {@code /maps/NAME} or
     * {@code /metrics/NAME}) when the setting is not written in the manifest.
     */
    static String at(ManifestDocument doc, String mapPointer, String message) {
        int colon = message.indexOf(':');
        String[] path = colon < 0 ? new String[0] : message.substring(0, colon).split("\\.");
        for (int n = path.length; n > 2; n--) {
            String pointer = mapPointer;
            for (int i = 2; i < n; i++) {
                pointer = ManifestDocument.child(pointer, path[i]);
            }
            if (doc.valueAt(pointer) != null) {
                return doc.at(pointer, message);
            }
        }
        return doc.atKey(mapPointer, message);
    }

    static void check(ManifestDocument doc, Map<String, MapSpec> maps, Btf btf, ObjectSpec facts, String object,
                      List<String> out) {
        for (Map.Entry<String, MapSpec> e : maps.entrySet()) {
            String name = e.getKey();
            String at = ManifestDocument.child("/maps", name);
            var def = facts.map(name);
            boolean global = def.isEmpty() && GlobalCells.find(btf, name).isPresent();
            if (def.isEmpty() && !global) {
                out.add(doc.atKey(at, "maps." + name + ": no map '" + name + "' and no .bss or .data variable of that"
                        + " name in " + object + " "
                        + Candidates.of(name, "maps", facts.maps().stream().map(ObjectSpec.MapDef::name).toList())));
                continue;
            }
            if (!global && !MapType.sampleable(def.get().type())) {
                out.add(doc.atKey(at, "maps." + name + ": map '" + name + "' is a " + Kinds.mapType(def.get().type())
                        + " map; only " + MapType.SAMPLED_NAMES + " maps can be sampled"));
                continue;
            }
            MapSpec m = e.getValue();
            try {
                MapLayout layout = MapLayout.ofSampled(btf, name, object, m.keyName() == null ? "key" : m.keyName(),
                        m.valueName() == null ? "value" : m.valueName());
                MapSampler.check(name, m, layout);
                for (String p : StreamView.problems("maps." + name + ".fields", MapSampler.rowPlan(name, layout),
                        m.fields())) {
                    out.add(at(doc, at, p));
                }
                for (var st : m.stacks().entrySet()) {
                    var sm = facts.map(st.getValue().map());
                    if (sm.isEmpty() || !MapType.STACK_TRACE.is(sm.get().type())) {
                        out.add(doc.at(ManifestDocument.child(at + "/stacks", st.getKey()) + "/map", "maps." + name
                                + ".stacks." + st.getKey() + ".map: " + (sm.isEmpty() ? "no map '" + st.getValue().map()
                                + "' in " + object + " " + Candidates.of(st.getValue().map(), "maps", facts.maps()
                                        .stream().map(ObjectSpec.MapDef::name).toList()) : "map '" + st.getValue().map() + "' is a "
                                + Kinds.mapType(sm.get().type()) + " map") + "; it must be a stack_trace map"));
                    }
                }
            } catch (PackageException ex) {
                out.add(at(doc, at, ex.getMessage()));
            }
        }
    }
}
