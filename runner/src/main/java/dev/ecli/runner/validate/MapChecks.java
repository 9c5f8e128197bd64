package dev.ecli.runner.validate;

import dev.ecli.btf.Btf;
import dev.ecli.runner.objinfo.ObjectFacts;
import dev.ecli.runner.pkg.ManifestDocument;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sample.MapLayout;
import dev.ecli.runner.sample.MapSampler;
import java.util.List;
import java.util.Map;

/**
 * Checks the manifest's {@code maps:} against the object: each map exists and is of a kind
 * that can be sampled, has BTF key and value types, and the histogram field, sort field and
 * field settings name what key and value have.
 */
final class MapChecks {
    private MapChecks() {}

    static void check(ManifestDocument doc, Map<String, MapSpec> maps, Btf btf, ObjectFacts facts, String object,
                      List<String> out) {
        for (Map.Entry<String, MapSpec> e : maps.entrySet()) {
            String name = e.getKey();
            String at = ManifestDocument.child("/maps", name);
            var def = facts.map(name);
            if (def.isEmpty()) {
                out.add(doc.atKey(at, "maps." + name + ": no map '" + name + "' in " + object + " (its maps: "
                        + PackageValidator.names(facts.maps().stream().map(ObjectFacts.MapDef::name).toList()) + ")"));
                continue;
            }
            if (!MapSampler.sampleable(def.get().type())) {
                out.add(doc.atKey(at, "maps." + name + ": map '" + name + "' is a " + Kinds.mapType(def.get().type())
                        + " map; only " + MapSampler.SAMPLED_TYPES + " maps can be sampled"));
                continue;
            }
            MapSpec m = e.getValue();
            try {
                MapLayout layout = MapLayout.of(btf, name, object, m.keyName() == null ? "key" : m.keyName(),
                        m.valueName() == null ? "value" : m.valueName());
                MapSampler.check(name, m, layout);
            } catch (PackageException ex) {
                out.add(doc.atKey(at, ex.getMessage()));
            }
        }
    }
}
