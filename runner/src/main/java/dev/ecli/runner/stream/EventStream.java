package dev.ecli.runner.stream;

import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import dev.ecli.runner.format.ValueFormat;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One exported stream of events: the map that carries them, the plan that decodes them, which
 * top-level fields are shown and in what order, and how people see some of them.
 *
 * @param map     the BPF map's name
 * @param plan    how to decode each record
 * @param fields  the top-level fields to output, in output order
 * @param formats human formats by field name (tables; JSON keeps raw values)
 * @param widths  table column widths by field name, where the manifest sets one
 * @param filter  which records are shown (user-space filters; see dev.ecli.runner.filter)
 */
public record EventStream(String map, DecodePlan plan, List<Field> fields, Map<String, ValueFormat> formats,
                          Map<String, Integer> widths, Predicate<MemorySegment> filter) {
    public EventStream {
        fields = List.copyOf(fields);
        formats = Map.copyOf(formats);
        widths = Map.copyOf(widths);
    }

    /** Every field, raw, default widths, no filter. */
    public EventStream(String map, DecodePlan plan) {
        this(map, plan, plan.fields(), Map.of(), Map.of(), r -> true);
    }

    /** The same stream showing {@code shown} fields. */
    public EventStream withFields(List<Field> shown) {
        return new EventStream(map, plan, shown, formats, widths, filter);
    }

    /**
     * The same stream with {@code derived} fields (values computed from the record's own, see
     * {@link dev.ecli.runner.decode.Field.Derived}) decoded after the struct's and shown last.
     * @throws DecodeException as {@link DecodePlan#withExtra}
     */
    public EventStream withDerived(List<Field> derived) throws DecodeException {
        List<Field> shown = new java.util.ArrayList<>(fields);
        shown.addAll(derived);
        return new EventStream(map, plan.withExtra(derived), shown, formats, widths, filter);
    }

    /**
     * The same stream without meanings: no formats, and each field made from the record (an
     * address by family, a union's arm, a network-order integer) back to the member it stands
     * for; computed columns stay.
     */
    public EventStream raw() {
        List<Field> shown = new java.util.ArrayList<>();
        for (Field f : fields) {
            shown.add(plan.fields().stream().filter(p -> p.name().equals(f.name())).findFirst().orElse(f));
        }
        return new EventStream(map, plan, shown, Map.of(), widths, filter);
    }

    /** The same stream showing only records that {@code accept} lets through. */
    public EventStream withFilter(Predicate<MemorySegment> accept) {
        return new EventStream(map, plan, fields, formats, widths, accept);
    }

    /**
     * Writes the selected fields of {@code record}, each as a name and a value, without an
     * enclosing object.
     * @throws IllegalArgumentException when the record is shorter than the plan
     */
    public void decodeMembers(MemorySegment record, ValueVisitor v) {
        if (record.byteSize() < plan.size()) {
            throw new IllegalArgumentException("record of " + record.byteSize() + " bytes is shorter than "
                    + plan.typeName() + " (" + plan.size() + " bytes)");
        }
        for (Field f : fields) {
            v.name(f.name());
            f.visit(record, 0, v);
        }
    }

    /** Writes the selected fields of {@code record} as one object. */
    public void decode(MemorySegment record, ValueVisitor v) {
        v.beginObject();
        decodeMembers(record, v);
        v.endObject();
    }
}
