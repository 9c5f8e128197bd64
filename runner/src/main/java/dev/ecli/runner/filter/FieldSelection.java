package dev.ecli.runner.filter;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --fields a,b} shows those fields in that order (hidden ones included);
 * {@code --fields -x,-y} shows the default fields without x and y.
 */
public final class FieldSelection {
    private FieldSelection() {}

    /**
     * Applies {@code spec} to {@code stream}.
     * @throws FilterException for an unknown field or a mix of plain and minus names
     */
    public static EventStream apply(String spec, EventStream stream) throws FilterException {
        List<String> names = new ArrayList<>();
        for (String n : spec.split(",")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        if (names.isEmpty()) {
            throw new FilterException("--fields: no field named");
        }
        long minus = names.stream().filter(n -> n.startsWith("-")).count();
        if (minus != 0 && minus != names.size()) {
            throw new FilterException("--fields: either list the fields to show (a,b) or the ones to drop (-a,-b),"
                    + " not both");
        }
        List<Field> all = stream.plan().fields();
        Set<String> known = new LinkedHashSet<>(all.stream().map(Field::name).toList());
        for (String n : names) {
            String bare = n.startsWith("-") ? n.substring(1) : n;
            if (!known.contains(bare)) {
                throw new FilterException("--fields: no field '" + bare + "' in " + stream.plan().typeName()
                        + " (fields: " + String.join(", ", known) + ")");
            }
        }
        List<Field> shown = new ArrayList<>();
        if (minus == 0) {
            for (String n : names) {
                all.stream().filter(f -> f.name().equals(n)).findFirst().ifPresent(shown::add);
            }
        } else {
            Set<String> drop = new LinkedHashSet<>(names.stream().map(n -> n.substring(1)).toList());
            stream.fields().stream().filter(f -> !drop.contains(f.name())).forEach(shown::add);
        }
        return stream.withFields(shown);
    }
}
