package dev.ecli.runner.metrics;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.BytesFormat;
import dev.ecli.runner.format.Formats;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.output.TextValue;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
            String name = formats.get(f.name());
            if (name == null) {
                name = Formats.fromTypedefs(f.typedefs()).orElse(null);
            }
            this.formats.add(name == null ? null : formatOf(f, name));
        }
    }

    private static ValueFormat formatOf(Field f, String name) {
        if (f instanceof Field.IntField i) {
            return Formats.of(name, i.size()).orElse(null);
        }
        if (f instanceof Field.ArrayField a && a.element() instanceof Field.IntField e && e.size() == 1
                && a.count() <= 64) {
            return Formats.ofBytes(name, (int) a.count()).orElse(null);
        }
        return null;
    }

    /** The label names, in order. */
    String[] names() {
        return names.clone();
    }

    /** The label values of one row, in order. */
    List<String> values(MemorySegment row) {
        List<String> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            ValueFormat format = formats.get(i);
            if (format instanceof BytesFormat bytes && f instanceof Field.ArrayField a) {
                byte[] b = new byte[(int) a.count()];
                MemorySegment.copy(row, ValueLayout.JAVA_BYTE, a.offset(), b, 0, b.length);
                out.add(bytes.formatBytes(b));
            } else {
                out.add(TextValue.of(f, row, format));
            }
        }
        return out;
    }
}
