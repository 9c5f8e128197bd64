package dev.ecli.runner.inspect;

import dev.ecli.btf.Btf;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.sample.MapLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The maps a package samples ({@code maps:} of a manifest, an eunomia map's {@code sample}), as
 * {@code inspect} shows them: how often, in what form, and the fields of a row.
 */
public final class SampledMaps {
    private SampledMaps() {}

    /**
     * One sampled map.
     * @param interval its interval as written (milliseconds or a duration), or null: at the end only
     * @param form     "log2 histogram", "linear histogram" or "key/value"
     * @param fields   key fields first, then value fields
     */
    public record Sampled(String map, String interval, String form, boolean clear, List<String> fields) {
        /** One line: {@code map NAME every 1000 ms, log2 histogram: KEY, VALUE...}. */
        public String line() {
            return "map " + map + (interval == null ? " at the end" : " every " + interval
                    + (interval.chars().allMatch(Character::isDigit) ? " ms" : "")) + ", " + form
                    + (clear ? ", cleared after each print" : "") + ": " + String.join(", ", fields);
        }
    }

    /**
     * The package's sampled maps in manifest order, their layouts read from {@code btf}.
     * @throws PackageException when a map's key or value type cannot be laid out
     */
    public static List<Sampled> of(PackageSpec pkg, Btf btf) throws PackageException {
        List<Sampled> out = new ArrayList<>();
        for (Map.Entry<String, MapSpec> e : pkg.manifest().maps().entrySet()) {
            MapSpec m = e.getValue();
            MapLayout layout = MapLayout.ofSampled(btf, e.getKey(), pkg.objectName(),
                    m.keyName() == null ? "key" : m.keyName(), m.valueName() == null ? "value" : m.valueName());
            String form = m.histogram() == null ? "key/value" : (m.histogram().kind() == null ? "log2" : m.histogram().kind()) + " histogram";
            out.add(new Sampled(e.getKey(), m.interval(), form, m.clear(), layout.names()));
        }
        return out;
    }
}
