package dev.ecli.runner.top;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --top} aggregates: the key fields ({@code --by}; by default every shown text field:
 * strings, enums and derived names) and what orders the rows ({@code --sort count}, or an
 * integer field whose sum per key is shown and sorted by).
 *
 * @param by   key field names, empty for the default
 * @param sort {@code count} or a field name
 */
public record TopSpec(List<String> by, String sort) {
    /** The sort that counts events. */
    public static final String COUNT = "count";

    public TopSpec {
        by = List.copyOf(by);
    }

    /**
     * Checks this spec against {@code stream}, before anything loads.
     * @throws IllegalArgumentException naming the field that is missing or of the wrong kind
     */
    public void check(EventStream stream) {
        aggregate(stream);
    }

    Aggregate aggregate(EventStream stream) {
        List<Field> keys = new ArrayList<>();
        if (by.isEmpty()) {
            for (Field f : stream.fields()) {
                if (f instanceof Field.CharsField || f instanceof Field.EnumField || f instanceof Field.Derived) {
                    keys.add(f);
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("--top: " + stream.plan().typeName()
                        + " has no text field to group by; name key fields with --by (fields: " + names(stream) + ")");
            }
        } else {
            for (String name : by) {
                keys.add(field(stream, name, "--by"));
            }
        }
        Field summed = null;
        if (!sort.equals(COUNT)) {
            summed = field(stream, sort, "--sort");
            if (!(summed instanceof Field.IntField || summed instanceof Field.BitField)) {
                throw new IllegalArgumentException("--sort: field '" + sort + "' is not an integer: sort by count"
                        + " or by an integer field, whose sum per key is shown");
            }
        }
        return new Aggregate(stream, keys, summed);
    }

    private static Field field(EventStream stream, String name, String option) {
        return stream.plan().fields().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(option + ": no field '" + name + "' in "
                        + stream.plan().typeName() + " (fields: " + names(stream) + ")"));
    }

    private static String names(EventStream stream) {
        return String.join(", ", stream.plan().fields().stream().map(Field::name).toList());
    }
}
