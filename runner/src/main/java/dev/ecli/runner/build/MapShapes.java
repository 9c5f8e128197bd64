package dev.ecli.runner.build;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sample.MapLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which hash and array maps {@code build} can describe in {@code maps:} from their value types
 * alone: a histogram (the value is an array of integers, or a struct with exactly one such array)
 * and a counter (one integer that the source adds to). Other maps, such as a hash of start
 * timestamps, are the program's working state and stay out of the manifest.
 */
final class MapShapes {
    /** Fewer buckets than this is a small array, not a histogram. */
    private static final int MIN_SLOTS = 4;

    private MapShapes() {}

    /**
     * The entries for the object's maps, by map name.
     *
     * @param sources the package's C texts, where counters are recognized by an atomic add on the map
     */
    static Map<String, Map<String, Object>> of(ObjectSpec facts, List<String> sources) {
        Btf btf = facts.btf();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ObjectSpec.MapDef m : facts.maps()) {
            if (!MapType.sampleable(m.type()) || m.name().startsWith(".") || m.name().contains(".")) {
                continue;
            }
            int valueId;
            try {
                valueId = MapLayout.types(btf, m.name(), "the object")[1];
            } catch (PackageException e) {
                continue;
            }
            String buckets = histogramField(btf, valueId);
            if (buckets != null) {
                Map<String, Object> hist = new LinkedHashMap<>();
                if (!buckets.isEmpty()) {
                    hist.put("field", buckets);
                }
                hist.put("kind", "log2");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("description", "a log2 histogram (written by build; add unit: to name what it counts)");
                body.put("histogram", hist);
                out.put(m.name(), body);
            } else if (isInteger(btf, valueId) && addsTo(sources, m.name(), MapType.perCpu(m.type()))) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("description", "a counter per key (written by build)");
                out.put(m.name(), body);
            }
        }
        return out;
    }

    /** "" when the value itself is the array, the array's field name, or null when it is no histogram. */
    private static String histogramField(Btf btf, int valueId) {
        BtfType t = btf.resolve(valueId);
        if (isSlots(btf, t)) {
            return "";
        }
        if (t instanceof BtfType.Struct s) {
            List<BtfType.Member> arrays = s.members().stream()
                    .filter(mb -> isSlots(btf, btf.resolve(mb.typeId()))).toList();
            return arrays.size() == 1 ? arrays.getFirst().name() : null;
        }
        return null;
    }

    /** An array of at least {@link #MIN_SLOTS} integers wider than a byte (byte arrays are text). */
    private static boolean isSlots(Btf btf, BtfType t) {
        return t instanceof BtfType.Array a && a.nelems() >= MIN_SLOTS
                && btf.resolve(a.elemTypeId()) instanceof BtfType.Int i && i.size() > 1;
    }

    /** A plain integer, or a struct of one integer member. */
    private static boolean isInteger(Btf btf, int valueId) {
        BtfType t = btf.resolve(valueId);
        if (t instanceof BtfType.Struct s && s.members().size() == 1) {
            t = btf.resolve(s.members().getFirst().typeId());
        }
        return t instanceof BtfType.Int;
    }

    /**
     * Whether some source adds to the map's values: our counter helper on it, or an add within a
     * few statements after a lookup in it (atomic, or for a per-CPU map, where no other CPU
     * writes the value, also {@code ++} and {@code +=}).
     */
    private static boolean addsTo(List<String> sources, String map, boolean perCpu) {
        String name = Pattern.quote(map);
        Pattern helper = Pattern.compile("ecli_count_add\\s*\\(\\s*&\\s*" + name + "\\b");
        String add = "__sync_fetch_and_add|__atomic_fetch_add|__atomic_add_fetch" + (perCpu ? "|\\+\\+|\\+=" : "");
        Pattern atomic = Pattern.compile("lookup_elem\\s*\\(\\s*&\\s*" + name
                + "\\b[^;]*;(?:[^;]*;){0,4}?[^;]*(" + add + ")");
        return sources.stream().anyMatch(s -> helper.matcher(s).find() || atomic.matcher(s).find());
    }
}
