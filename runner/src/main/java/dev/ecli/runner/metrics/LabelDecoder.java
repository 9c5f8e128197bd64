package dev.ecli.runner.metrics;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.stream.StreamView;
import dev.ecli.runner.stream.TextValue;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A series' labels from a map row: each label is a field of the row, its value the text a table
 * shows for it (strings cut at NUL, enum names, and formats such as {@code signal} or
 * {@code ipv4} applied), so labels read as the runner's other output does.
 */
final class LabelDecoder {
    private final List<Field> fields;
    private final List<ValueFormat> formats;
    private final String[] names;

    /**
     * @param fields  the label fields, offsets from the row's start
     * @param formats format names by field name (the manifest's, else the typedef's)
     */
    LabelDecoder(List<Field> fields, Map<String, String> formats) {
        this.fields = List.copyOf(fields);
        this.formats = new ArrayList<>();
        this.names = new String[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            names[i] = f.name();
            this.formats.add(StreamView.format(f, formats.get(f.name())).orElse(null));
        }
    }

    /** The label names, in order. */
    String[] names() {
        return names.clone();
    }

    /** The label values of one row, in order. */
    List<String> values(MemorySegment row) {
        List<String> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            out.add(TextValue.of(fields.get(i), row, formats.get(i)));
        }
        return out;
    }
}
