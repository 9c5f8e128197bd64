package dev.ecli.runner.session;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.params.ParamRefs;
import dev.ecli.runner.pkg.MapSize;
import dev.ecli.runner.pkg.PackageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The manifest's {@code sizes:} with parameters resolved: what to set on each map before load, as
 * a C frontend calls {@code bpf_map__set_max_entries} and {@code bpf_map__set_value_size}.
 *
 * @param sizes per map name, {@code {max_entries, value_size}}, 0 where the object's stays
 */
public record MapSizes(Map<String, long[]> sizes) {
    private static final long U32_MAX = 0xffff_ffffL;

    /**
     * Evaluates every size.
     * @param object the object, whose maps the sizes must name
     * @param param  a parameter's text by name; empty for a name that is no parameter
     * @throws PackageException naming the map and setting: no such map, a reference to no
     *                          parameter, a value that is not a whole number from 1 to 2^32-1
     */
    public static MapSizes of(Map<String, MapSize> declared, ObjectSpec object,
                              Function<String, Optional<String>> param) throws PackageException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, MapSize> e : declared.entrySet()) {
            String map = e.getKey();
            if (object.map(map).isEmpty()) {
                throw new PackageException("sizes." + map + ": no map '" + map + "' in " + object.name());
            }
            out.put(map, new long[] {
                eval("sizes." + map + ".max-entries", e.getValue().maxEntries(), param),
                eval("sizes." + map + ".value-size", e.getValue().valueSize(), param)});
        }
        return new MapSizes(Map.copyOf(out));
    }

    /**
     * Sets the sizes on an opened object's maps.
     * @throws BpfException when libbpf refuses a size
     */
    public void apply(BpfObject object) throws BpfException {
        for (Map.Entry<String, long[]> e : sizes.entrySet()) {
            BpfMap map = object.map(e.getKey()).orElseThrow(() -> new BpfException("sizes." + e.getKey()
                    + ": libbpf opened no map '" + e.getKey() + "'", 0, ""));
            if (e.getValue()[0] > 0) {
                map.setMaxEntries(e.getValue()[0]);
            }
            if (e.getValue()[1] > 0) {
                map.setValueSize(e.getValue()[1]);
            }
        }
    }

    /** A sum of products of whole numbers and parameters; 0 for null (keep the object's). */
    static long eval(String at, String expr, Function<String, Optional<String>> param) throws PackageException {
        if (expr == null) {
            return 0;
        }
        try {
            return ParamRefs.evaluate(at, expr, param, 1, U32_MAX, "a sum of whole numbers");
        } catch (ParamRefs.Invalid e) {
            throw new PackageException(e.getMessage());
        }
    }
}
