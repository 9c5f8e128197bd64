package dev.ecli.runner.session;

import dev.ecli.runner.params.ParamRefs;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.PackageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The sampled maps' {@code count}: how many prints at their interval end the run, as a C tool's positional count. */
public final class PrintCounts {
    private PrintCounts() {}

    /**
     * Each sampled map's count with {@code ${param}} resolved; 0 means no limit.
     * @param param a parameter's text by name; empty for a name that is no parameter
     * @throws PackageException naming the map when a count names no parameter or is not a whole number
     */
    public static Map<String, Long> of(Manifest manifest, Function<String, Optional<String>> param)
            throws PackageException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, MapSpec> e : manifest.maps().entrySet()) {
            String raw = e.getValue().count();
            String at = "maps." + e.getKey() + ".count";
            if (raw == null) {
                out.put(e.getKey(), 0L);
                continue;
            }
            try {
                out.put(e.getKey(), ParamRefs.evaluate(at, raw, param, 0, Long.MAX_VALUE, "a number of prints"));
            } catch (ParamRefs.Invalid x) {
                throw new PackageException(x.getMessage());
            }
        }
        return Map.copyOf(out);
    }
}
