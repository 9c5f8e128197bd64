package dev.ecli.runner.metrics;

import dev.ecli.btf.Btf;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.HistogramSpec;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.MetricSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.sample.MapLayout;
import dev.ecli.runner.sample.MapSampler;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One declared metric ({@code metrics.NAME}) checked against the object's BTF, before anything
 * is loaded: the map's key and value layout, the field that holds the number (or the bucket
 * counts), the label fields and their formats. Every problem is a {@link PackageException} whose
 * message starts with the setting at fault ({@code metrics.NAME.value: ...}).
 */
public final class MetricPlan {
    /** The runner's own metrics start with this; declared ones may not. */
    public static final String RUNNER_PREFIX = "ecli_";

    final String name;
    final String type;
    final String help;
    final String map;
    /** How the map is read: no clearing, no sorting, the maps: entry's key and value names. */
    final MapSpec readSpec;
    final MapLayout layout;
    /** Counter and gauge: the integer field of the row (key bytes, then value bytes). */
    final Field.IntField value;
    /** Histogram: the bucket counts' array in the row, and their bounds. */
    final Field.ArrayField buckets;
    final double[] bounds;
    final LabelDecoder labels;
    final int maxSeries;

    private MetricPlan(String name, MetricSpec m, MapSpec readSpec, MapLayout layout, Field.IntField value,
                       Field.ArrayField buckets, double[] bounds, LabelDecoder labels) {
        this.name = name;
        this.type = m.type();
        this.help = m.help() != null ? m.help() : m.type() + " from map " + m.map();
        this.map = m.map();
        this.readSpec = readSpec;
        this.layout = layout;
        this.value = value;
        this.buckets = buckets;
        this.bounds = bounds;
        this.labels = labels;
        this.maxSeries = m.seriesCap();
    }

    /** The metric's name as declared. */
    public String name() {
        return name;
    }

    /**
     * Every metric the manifest declares, in manifest order.
     * @throws PackageException naming the first metric setting at fault
     */
    public static List<MetricPlan> of(PackageSpec spec, Btf btf) throws PackageException {
        List<MetricPlan> out = new ArrayList<>();
        for (Map.Entry<String, MetricSpec> e : spec.manifest().metrics().entrySet()) {
            out.add(compile(e.getKey(), e.getValue(), spec.manifest().maps().get(e.getValue().map()), btf,
                    spec.objectName()));
        }
        return out;
    }

    /**
     * Checks one declared metric against the object's BTF.
     * @param mapSpec the map's {@code maps:} entry, or null
     * @throws PackageException naming the setting at fault
     */
    public static MetricPlan compile(String name, MetricSpec m, MapSpec mapSpec, Btf btf, String object)
            throws PackageException {
        String at = "metrics." + name;
        if (name.startsWith(RUNNER_PREFIX)) {
            throw new PackageException(at + ": names starting with " + RUNNER_PREFIX + " are the runner's own metrics");
        }
        String invalid = PrometheusNaming.validateMetricName(name);
        if (invalid != null) {
            throw new PackageException(at + ": not a Prometheus metric name: " + invalid);
        }
        boolean histogram = MetricSpec.HISTOGRAM.equals(m.type());
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (histogram && name.endsWith(suffix)) {
                throw new PackageException(at + ": a histogram's name may not end in " + suffix
                        + " (Prometheus adds it to the series it serves)");
            }
        }
        if (mapSpec != null && mapSpec.clear()) {
            throw new PackageException(at + ".map: maps." + m.map() + ".clear empties the map after each print, but"
                    + " a metric reads running totals; drop clear or read another map");
        }
        String keyName = mapSpec != null && mapSpec.keyName() != null ? mapSpec.keyName() : "key";
        String valueName = mapSpec != null && mapSpec.valueName() != null ? mapSpec.valueName() : "value";
        MapLayout layout;
        List<Field> row;
        try {
            layout = MapLayout.of(btf, m.map(), object, keyName, valueName);
            row = MapSampler.rowPlan(m.map(), layout).fields();
        } catch (PackageException e) {
            throw new PackageException(at + ".map: " + withoutPrefix(e.getMessage(), "maps." + m.map() + ": "));
        }
        List<Field> key = row.subList(0, layout.key().size());
        List<Field> val = row.subList(layout.key().size(), row.size());
        Field.IntField value = null;
        Field.ArrayField buckets = null;
        double[] bounds = null;
        if (histogram) {
            if (m.value() != null) {
                throw new PackageException(at + ".value: a histogram's numbers are its bucket counts;"
                        + " name their array with histogram.field");
            }
            HistogramSpec hs = m.histogram() != null ? m.histogram() : mapSpec == null ? null : mapSpec.histogram();
            if (hs == null) {
                throw new PackageException(at + ": a histogram needs its bucket counts: set " + at
                        + ".histogram (kind, field) or maps." + m.map() + ".histogram");
            }
            Field.ArrayField bucketArray;
            try {
                bucketArray = MapSampler.slotsOf(m.map(), hs, layout);
            } catch (PackageException e) {
                String msg = e.getMessage();
                throw new PackageException(m.histogram() != null ? at + withoutPrefix(msg, "maps." + m.map()) : msg);
            }
            buckets = (Field.ArrayField) byName(val, bucketArray.name());
            bounds = HistogramBounds.of(hs, (int) buckets.count());
        } else {
            if (m.histogram() != null) {
                throw new PackageException(at + ".histogram: only a histogram has buckets; this metric is a " + m.type());
            }
            value = valueField(at, m.value(), val);
        }
        List<Field> candidates = new ArrayList<>(key);
        for (Field f : val) {
            if (f != value && f != buckets) {
                candidates.add(f);
            }
        }
        List<String> labelNames = m.labels() != null ? m.labels()
                : (histogram ? candidates : key).stream().map(Field::name).toList();
        List<Field> labelFields = new ArrayList<>();
        for (String l : labelNames) {
            Field f = byName(candidates, l);
            if (f == null) {
                throw new PackageException(at + ".labels: no field '" + l + "' to label with (the key's fields: "
                        + names(key) + "; the value's" + (histogram ? " besides the buckets" : " besides the number")
                        + ": " + names(candidates.subList(key.size(), candidates.size())) + ")");
            }
            if (!PrometheusNaming.isValidLegacyLabelName(l) || l.startsWith("__") || (histogram && l.equals("le"))) {
                throw new PackageException(at + ".labels: '" + l + "' cannot be a Prometheus label name"
                        + (l.equals("le") ? " (le holds a histogram's bucket bounds)" : " (names starting with __ are reserved)"));
            }
            labelFields.add(f);
        }
        Map<String, String> formats = new LinkedHashMap<>();
        for (Field f : labelFields) {
            FieldSpec own = m.fields().get(f.name());
            FieldSpec shown = mapSpec == null ? null : mapSpec.fields().get(f.name());
            String format = own != null && own.format() != null ? own.format() : shown == null ? null : shown.format();
            if (format != null) {
                formats.put(f.name(), format);
            }
        }
        for (String f : m.fields().keySet()) {
            if (!labelNames.contains(f)) {
                throw new PackageException(at + ".fields: '" + f + "' is not one of its labels ("
                        + (labelNames.isEmpty() ? "none" : String.join(", ", labelNames)) + ")");
            }
        }
        MapSpec readSpec = new MapSpec(null, null, false, null, null, null, keyName, valueName, Map.of(), Map.of());
        return new MetricPlan(name, m, readSpec, layout, value, buckets, bounds, new LabelDecoder(labelFields, formats));
    }

    /** The integer field a counter or gauge reads. */
    private static Field.IntField valueField(String at, String named, List<Field> value) throws PackageException {
        if (named != null) {
            Field f = byName(value, named);
            if (f == null) {
                throw new PackageException(at + ".value: the value has no field '" + named + "' (its fields: "
                        + names(value) + ")");
            }
            if (!(f instanceof Field.IntField i)) {
                throw new PackageException(at + ".value: '" + named + "' is not an integer field");
            }
            return i;
        }
        List<Field.IntField> ints = value.stream().filter(f -> f instanceof Field.IntField)
                .map(f -> (Field.IntField) f).toList();
        if (ints.size() != 1) {
            throw new PackageException(at + ": the value has " + ints.size() + " integer fields ("
                    + names(List.copyOf(ints)) + "); name the one to read with value");
        }
        return ints.getFirst();
    }

    private static Field byName(List<Field> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    private static String names(List<? extends Field> fields) {
        return fields.isEmpty() ? "none" : String.join(", ", fields.stream().map(Field::name).toList());
    }

    private static String withoutPrefix(String message, String prefix) {
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
