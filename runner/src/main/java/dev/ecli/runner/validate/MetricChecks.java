package dev.ecli.runner.validate;

import dev.ecli.btf.Btf;
import dev.ecli.runner.metrics.MetricPlan;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.manifest.ManifestDocument;
import dev.ecli.runner.pkg.MetricSpec;
import dev.ecli.runner.pkg.PackageException;
import java.util.List;
import java.util.Map;

/**
 * Checks the manifest's {@code metrics:} against the object: each metric's map exists and can be
 * read, and its value, buckets, labels and formats name what the map's key and value have (the
 * checks {@code run} makes, through {@link MetricPlan}).
 */
final class MetricChecks {
    private MetricChecks() {}

    static void check(ManifestDocument doc, Manifest manifest, Btf btf, ObjectSpec facts, String object,
                      List<String> out) {
        for (Map.Entry<String, MetricSpec> e : manifest.metrics().entrySet()) {
            String name = e.getKey();
            MetricSpec m = e.getValue();
            String at = ManifestDocument.child("/metrics", name);
            var def = facts.map(m.map());
            if (def.isEmpty()) {
                out.add(doc.at(at + "/map", "metrics." + name + ".map: no map '" + m.map() + "' in " + object + " "
                        + Candidates.of(m.map(), "maps", facts.maps().stream().map(ObjectSpec.MapDef::name).toList())));
                continue;
            }
            if (!MapType.sampleable(def.get().type())) {
                out.add(doc.at(at + "/map", "metrics." + name + ".map: map '" + m.map() + "' is a "
                        + Kinds.mapType(def.get().type()) + " map; only " + MapType.SAMPLED_NAMES
                        + " maps can be read as metrics"));
                continue;
            }
            try {
                MetricPlan.compile(name, m, manifest.maps().get(m.map()), btf, object);
            } catch (PackageException ex) {
                out.add(MapChecks.at(doc, at, ex.getMessage()));
            }
        }
    }
}
