package dev.ecli.runner.enrich;

import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.Derivation;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.pkg.FieldSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The enrichment stage: a stream's fields that carry ids gain ordinary fields after the struct's
 * own, which every sink, {@code --fields} and {@code --filter} then treat like any other. Which
 * fields carry ids is said by their semantics, never their names: the manifest's
 * {@code format: cgroup} (a u64 cgroup v2 id, e.g. {@code bpf_get_current_cgroup_id()}) or
 * {@code format: process} (a process id), or the typedefs {@code ecli_cgroup_id} and
 * {@code ecli_pid}. A cgroup id gains {@code cgroup} (its path), {@code unit}, {@code runtime} and
 * {@code container}; a process id gains {@code cmdline}. A name the struct already has is
 * prefixed with the id field's name. A stream without such fields is returned as it is.
 */
public final class Enrichment {
    /** The format names this stage reads. */
    public static final String CGROUP = "cgroup";
    public static final String PROCESS = "process";

    private Enrichment() {}

    /**
     * @param stream the stream as bound, before {@code --fields} and filters
     * @param specs  the manifest's settings of its fields (may be empty)
     * @param ids    the run's names
     */
    public static EventStream apply(EventStream stream, Map<String, FieldSpec> specs, Identities ids)
            throws DecodeException {
        Set<String> taken = new HashSet<>();
        stream.plan().fields().forEach(f -> taken.add(f.name()));
        List<Field> extra = new ArrayList<>();
        for (Field f : stream.plan().fields()) {
            if (!(f instanceof Field.IntField i)) {
                continue;
            }
            String semantics = semantics(i, specs.get(f.name()));
            if (CGROUP.equals(semantics) && i.size() == 8) {
                extra.add(derived(i, "cgroup", taken, 24, id -> ids.cgroup(id).path()));
                extra.add(derived(i, "unit", taken, 16, id -> ids.cgroup(id).unit()));
                extra.add(derived(i, "runtime", taken, 10, id -> ids.cgroup(id).runtime()));
                extra.add(derived(i, "container", taken, 12, id -> ids.cgroup(id).container()));
            } else if (PROCESS.equals(semantics) && i.size() >= 4) {
                extra.add(derived(i, "cmdline", taken, 24, ids::cmdline));
            }
        }
        if (extra.isEmpty()) {
            return stream;
        }
        return stream.withDerived(extra);
    }

    /**
     * The fields of {@code fields} that carry a process id ({@code format: process} or typed
     * {@code ecli_pid}), at least 4 bytes wide; empty when the package marks none.
     */
    public static List<Field.IntField> processFields(List<Field> fields, Map<String, FieldSpec> specs) {
        List<Field.IntField> out = new ArrayList<>();
        for (Field f : fields) {
            if (f instanceof Field.IntField i && i.size() >= 4 && i.size() <= 8
                    && PROCESS.equals(semantics(i, specs.get(f.name())))) {
                out.add(i);
            }
        }
        return out;
    }

    /** Whether any of {@code fields} would gain fields here: a cgroup id or a process id. */
    public static boolean marks(List<Field> fields, Map<String, FieldSpec> specs) {
        for (Field f : fields) {
            if (f instanceof Field.IntField i) {
                String semantics = semantics(i, specs.get(f.name()));
                if (CGROUP.equals(semantics) && i.size() == 8 || PROCESS.equals(semantics) && i.size() >= 4) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String semantics(Field.IntField f, FieldSpec spec) {
        if (spec != null && spec.format() != null) {
            return spec.format();
        }
        for (String t : f.typedefs()) {
            if (t.equals("ecli_cgroup_id")) {
                return CGROUP;
            }
            if (t.equals("ecli_pid")) {
                return PROCESS;
            }
        }
        return null;
    }

    private static Field derived(Field.IntField source, String base, Set<String> taken, int width,
                                 LongFunction<byte[]> text) {
        String name = taken.add(base) ? base : source.name() + "_" + base;
        taken.add(name);
        return new Field.Derived(name, List.of(), source, new Text(text, width));
    }

    /** A derived string: the looked-up bytes as a C string. */
    private record Text(LongFunction<byte[]> text, int width) implements Derivation {
        @Override
        public void visit(long value, ValueVisitor v) {
            byte[] b = text.apply(value);
            v.chars(MemorySegment.ofArray(b), 0, b.length);
        }
    }
}
