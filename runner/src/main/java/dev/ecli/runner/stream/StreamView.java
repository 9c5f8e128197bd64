package dev.ecli.runner.stream;

import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.Formats;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.pkg.FieldSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the view of a stream of records (an export's events, a sampled map's rows): which
 * fields are shown, each field's format (the manifest's, else its typedef's) and table width.
 * Exports, samplers and metric labels all ask here, so a new field meaning is added once.
 * Stateless.
 */
public final class StreamView {
    /** The longest byte array a format ({@code ipv6}, ...) reads as one value. */
    private static final int MAX_FORMATTED_BYTES = 64;

    private StreamView() {}

    /**
     * The view of {@code plan}'s records as {@code specs} (the manifest's per-field settings,
     * by field name) say: formats, widths, and hidden fields left out. Specs for fields the
     * plan does not have are ignored: check them first with {@link #unknownFields}.
     * @param name the map the records come from
     */
    public static EventStream of(String name, DecodePlan plan, Map<String, FieldSpec> specs) {
        Map<String, ValueFormat> formats = new HashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        List<Field> shown = new ArrayList<>();
        for (Field f : plan.fields()) {
            FieldSpec spec = specs.get(f.name());
            format(f, spec == null ? null : spec.format()).ifPresent(vf -> formats.put(f.name(), vf));
            if (spec != null && spec.width() != null) {
                widths.put(f.name(), spec.width());
            }
            if (spec == null || !spec.hidden()) {
                shown.add(f);
            }
        }
        return new EventStream(name, plan, shown, formats, widths, record -> true);
    }

    /** The names in {@code specs} that are no field of {@code plan}, in their order. */
    public static List<String> unknownFields(DecodePlan plan, Map<String, FieldSpec> specs) {
        List<String> have = names(plan);
        return specs.keySet().stream().filter(n -> !have.contains(n)).toList();
    }

    /** The plan's top-level field names, in order, for messages. */
    public static List<String> names(DecodePlan plan) {
        return plan.fields().stream().map(Field::name).toList();
    }

    /**
     * How {@code f} is shown: through the format named {@code named} when not null, else the
     * one its typedefs imply, when that format fits the field (integers and bitfields by size;
     * char arrays of up to 64 bytes as one value); empty: shown plainly.
     */
    public static Optional<ValueFormat> format(Field f, String named) {
        String name = named != null ? named : Formats.fromTypedefs(f.typedefs()).orElse(null);
        if (name == null) {
            return Optional.empty();
        }
        // A bitfield is read as a u64 before it is shifted and masked.
        int size = f instanceof Field.IntField i ? i.size() : f instanceof Field.BitField ? 8 : 0;
        if (size > 0) {
            return Formats.of(name, size);
        }
        if (f instanceof Field.ArrayField a && a.element() instanceof Field.IntField e && e.size() == 1
                && a.count() <= MAX_FORMATTED_BYTES) {
            return Formats.ofBytes(name, (int) a.count()).map(ValueFormat.class::cast);
        }
        return Optional.empty();
    }
}
