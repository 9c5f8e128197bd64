package dev.ecli.runner.sample;

import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.pkg.HistogramSpec;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.StackSpec;
import dev.ecli.runner.pkg.PackageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one map as its manifest entry says: every key with its value (per-CPU values summed),
 * rows sorted by a value field and cut to the top N, or each value as a histogram; then, when
 * asked, empties it. Not thread-safe.
 */
public final class MapSampler {

    private final Entries map;
    private final MapSpec spec;
    private final MapLayout layout;
    private final DecodePlan rowPlan;
    private final long intervalNanos;
    private final boolean array;
    /** The histogram's bucketCounts in the value: offset, element size, count; null when rows are printed. */
    private final Field.ArrayField bucketCounts;
    private final Field.IntField sortBy;
    private final Stacks stacks;
    /** The stack-id fields of a row (offsets in the row), in print order. */
    private final Map<String, Field.IntField> stackFields;
    /** For user stacks, the field with the process id whose addresses they are, by stack field. */
    private final Map<String, Field.IntField> stackPids = new LinkedHashMap<>();
    private long next;

    private MapSampler(Entries map, MapSpec spec, MapLayout layout, DecodePlan rowPlan, long intervalMillis,
                       Field.ArrayField bucketCounts, Field.IntField sortBy, Stacks stacks) {
        this.map = map;
        this.spec = spec;
        this.layout = layout;
        this.rowPlan = rowPlan;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.array = MapType.arrayLike(map.type());
        this.bucketCounts = bucketCounts;
        this.sortBy = sortBy;
        this.stacks = stacks;
        this.stackFields = new LinkedHashMap<>();
        for (String f : stacks.fields()) {
            rowPlan.fields().stream().filter(x -> x.name().equals(f) && x instanceof Field.IntField).findFirst()
                    .ifPresent(x -> stackFields.put(f, (Field.IntField) x));
            StackSpec st = spec.stacks().get(f);
            if (st != null && st.process() != null) {
                rowPlan.fields().stream().filter(x -> x.name().equals(st.process()) && x instanceof Field.IntField)
                        .findFirst().ifPresent(x -> stackPids.put(f, (Field.IntField) x));
            }
        }
        this.next = System.nanoTime() + intervalNanos;
    }

    /**
     * @param intervalMillis milliseconds between prints, or 0 to print only at the end
     * @throws PackageException when the map cannot be sampled as the manifest asks
     */
    public static MapSampler of(BpfMap map, MapSpec spec, MapLayout layout, long intervalMillis, Stacks stacks)
            throws PackageException {
        return of(Entries.of(map), spec, layout, intervalMillis, stacks);
    }

    /**
     * A sampler over entries: a map's, or a global variable's cells ({@link GlobalEntries}).
     * @throws PackageException when they cannot be sampled as the manifest asks
     */
    public static MapSampler of(Entries map, MapSpec spec, MapLayout layout, long intervalMillis, Stacks stacks)
            throws PackageException {
        String name = map.name();
        if (!MapType.sampleable(map.type())) {
            throw new PackageException("maps." + name + ": a map of type " + map.type() + " cannot be sampled (only "
                    + MapType.SAMPLED_NAMES + ")");
        }
        check(name, spec, layout);
        return new MapSampler(map, spec, layout, rowPlan(name, layout), intervalMillis,
                slotsOf(name, spec.histogram(), layout), sortField(name, spec, layout), stacks);
    }

    /**
     * Checks, without the kernel, that the manifest's settings fit the map's key and value:
     * distinct field names, the histogram's array, the sort field, and the fields it formats.
     * @throws PackageException naming the setting at fault
     */
    public static void check(String name, MapSpec spec, MapLayout layout) throws PackageException {
        DecodePlan plan = rowPlan(name, layout);
        slotsOf(name, spec.histogram(), layout);
        sortField(name, spec, layout);
        List<String> have = plan.fields().stream().map(Field::name).toList();
        for (String f : spec.fields().keySet()) {
            if (!have.contains(f)) {
                throw new PackageException("maps." + name + ".fields names '" + f + "', which neither key nor value"
                        + " has (they have: " + String.join(", ", have) + ")");
            }
        }
        for (String f : spec.stacks().keySet()) {
            Field field = plan.fields().stream().filter(x -> x.name().equals(f)).findFirst().orElseThrow(
                    () -> new PackageException("maps." + name + ".stacks names '" + f + "', which neither key nor"
                            + " value has (they have: " + String.join(", ", have) + ")"));
            if (!(field instanceof Field.IntField i) || i.size() < 4) {
                throw new PackageException("maps." + name + ".stacks: '" + f + "' must be a 32- or 64-bit stack id"
                        + " (from bpf_get_stackid)");
            }
            String tgid = spec.stacks().get(f).process();
            if (tgid != null && plan.fields().stream().noneMatch(x -> x.name().equals(tgid)
                    && x instanceof Field.IntField p && p.size() >= 4)) {
                throw new PackageException("maps." + name + ".stacks." + f + ".tgid names '" + tgid + "', which is no"
                        + " 32- or 64-bit integer of the key or value (they have: " + String.join(", ", have) + ")");
            }
        }
    }

    /**
     * One record per row: the key's fields, then the value's right after.
     * @throws PackageException when key and value share a field name or cannot be decoded
     */
    public static DecodePlan rowPlan(String map, MapLayout layout) throws PackageException {
        List<Field> fields = new ArrayList<>(layout.key());
        for (Field f : layout.value()) {
            fields.add(Shift.by(f, layout.keySize()));
        }
        List<String> names = layout.names();
        for (String n : names) {
            if (names.indexOf(n) != names.lastIndexOf(n)) {
                throw new PackageException("maps." + map + ": key and value both have a field '" + n
                        + "'; rename one (or set key-name / value-name)");
            }
        }
        try {
            return DecodePlan.assemble(map, layout.keySize() + layout.valueSize(), fields);
        } catch (DecodeException e) {
            throw new PackageException("maps." + map + ": " + e.getMessage());
        }
    }

    /**
     * The value's array of bucket counts, as the histogram spec names it; null without a spec.
     * Its offset is from the value's start.
     * @throws PackageException when the value has no such array of integers
     */
    public static Field.ArrayField slotsOf(String map, HistogramSpec h, MapLayout layout) throws PackageException {
        if (h == null) {
            return null;
        }
        List<Field.ArrayField> arrays = layout.value().stream().filter(f -> f instanceof Field.ArrayField)
                .map(f -> (Field.ArrayField) f).toList();
        Field.ArrayField a;
        if (h.field() != null) {
            a = arrays.stream().filter(f -> f.name().equals(h.field())).findFirst().orElseThrow(
                    () -> new PackageException("maps." + map + ".histogram.field: the value has no array '"
                            + h.field() + "' (its arrays: " + names(arrays) + ")"));
        } else if (arrays.size() == 1) {
            a = arrays.getFirst();
        } else if (arrays.stream().filter(MapSampler::countsWide).count() == 1) {
            // beside a name's array of chars, the one array of counts wider than a byte
            a = arrays.stream().filter(MapSampler::countsWide).findFirst().orElseThrow();
        } else {
            throw new PackageException("maps." + map + ".histogram: the value has " + arrays.size()
                    + " arrays (" + names(arrays) + "); name the bucket counts with histogram.field");
        }
        if (!(a.element() instanceof Field.IntField)) {
            throw new PackageException("maps." + map + ".histogram: '" + a.name()
                    + "' must be an array of integer counts");
        }
        return a;
    }

    private static boolean countsWide(Field.ArrayField a) {
        return a.element() instanceof Field.IntField i && i.size() > 1;
    }

    private static Field.IntField sortField(String map, MapSpec spec, MapLayout layout) throws PackageException {
        if (spec.sort() == null) {
            return null;
        }
        for (Field f : layout.value()) {
            if (f.name().equals(spec.sort())) {
                if (f instanceof Field.IntField i) {
                    return i;
                }
                throw new PackageException("maps." + map + ".sort: '" + spec.sort() + "' is not an integer field");
            }
        }
        throw new PackageException("maps." + map + ".sort: the value has no field '" + spec.sort() + "' (its fields: "
                + String.join(", ", layout.value().stream().map(Field::name).toList()) + ")");
    }

    private static String names(List<? extends Field> fields) {
        return fields.isEmpty() ? "none" : String.join(", ", fields.stream().map(Field::name).toList());
    }

    /** How a row (key bytes, then value bytes) decodes. */
    public DecodePlan rowPlan() {
        return rowPlan;
    }

    /** The map's name. */
    public String name() {
        return map.name();
    }

    /** Whether the map is printed every interval (not only at the end). */
    public boolean periodic() {
        return intervalNanos > 0;
    }

    /** Whether the interval has passed since the last print; false for maps printed only at the end. */
    public boolean due(long nowNanos) {
        return intervalNanos > 0 && nowNanos - next >= 0;
    }

    /** Nanoseconds until the next print is due (a large number for maps printed only at the end). */
    public long untilDue(long nowNanos) {
        return intervalNanos > 0 ? Math.max(0, next - nowNanos) : Long.MAX_VALUE / 4;
    }

    /**
     * Reads every entry, and empties the map when the manifest says {@code clear}.
     * @throws BpfException when the kernel refuses a lookup, delete or update
     */
    public MapSnapshot read() throws BpfException {
        long now = System.nanoTime();
        if (intervalNanos > 0) {
            while (next - now <= 0) {
                next += intervalNanos;
            }
        }
        int keySize = (int) layout.keySize();
        int valueSize = (int) layout.valueSize();
        boolean perCpu = map.perCpu();
        int cpus = perCpu ? BpfMap.possibleCpus() : 1;
        List<byte[]> rows = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (byte[] k = map.nextKey(null); k != null; k = map.nextKey(k)) {
            keys.add(k);
        }
        for (byte[] k : keys) {
            byte[] v = map.lookup(k);
            if (v == null) {
                continue;
            }
            byte[] value = perCpu ? PerCpu.sum(v, cpus, valueSize, layout.value()) : Arrays.copyOf(v, valueSize);
            if (spec.clear()) {
                if (array) {
                    map.update(k, new byte[v.length]);
                } else {
                    map.delete(k);
                }
            }
            if (array && allZero(value)) {
                continue;
            }
            byte[] row = new byte[keySize + valueSize];
            System.arraycopy(k, 0, row, 0, keySize);
            System.arraycopy(value, 0, row, keySize, valueSize);
            rows.add(row);
        }
        order(rows, keySize);
        List<Histogram> histograms = null;
        if (bucketCounts != null) {
            histograms = new ArrayList<>();
            for (byte[] row : rows) {
                histograms.add(histogram(row, keySize));
            }
        }
        // One array cell, or one row under key 0: the map holds a single value, and its key says nothing.
        boolean keyShown = !(array && map.maxEntries() == 1)
                && !(rows.size() == 1 && allZero(Arrays.copyOf(rows.getFirst(), keySize)));
        List<Map<String, List<String>>> frames = null;
        if (!stackFields.isEmpty()) {
            frames = new ArrayList<>();
            for (byte[] row : rows) {
                Map<String, List<String>> byField = new LinkedHashMap<>();
                for (Map.Entry<String, Field.IntField> e : stackFields.entrySet()) {
                    long id = load(row, (int) e.getValue().offset(), e.getValue().size());
                    if (e.getValue().size() == 4) {
                        id = (int) id;
                    }
                    Field.IntField pidField = stackPids.get(e.getKey());
                    int tgid = pidField == null ? -1 : (int) load(row, (int) pidField.offset(), pidField.size());
                    byField.put(e.getKey(), stacks.frames(e.getKey(), id, tgid));
                }
                frames.add(byField);
            }
        }
        List<Field> labels = null;
        if (bucketCounts != null) {
            int at = layout.key().size() + layout.value().indexOf(bucketCounts);
            labels = new ArrayList<>(rowPlan.fields());
            labels.remove(at);
        }
        java.util.Set<String> kernel = new java.util.HashSet<>();
        stackFields.keySet().stream().filter(stacks::kernel).forEach(kernel::add);
        String count = sortBy != null ? sortBy.name() : layout.value().stream()
                .filter(f -> f instanceof Field.IntField && !stackFields.containsKey(f.name())).map(Field::name)
                .findFirst().orElse(null);
        return new MapSnapshot(map.name(), rowPlan, layout.key().size(), labels, rows, histograms, frames, keyShown,
                periodic(), kernel, count);
    }

    private void order(List<byte[]> rows, int keySize) {
        if (sortBy != null) {
            int at = keySize + (int) sortBy.offset();
            rows.sort(Comparator.comparing((byte[] r) -> load(r, at, sortBy.size()), Long::compareUnsigned).reversed());
        } else if (layout.key().size() == 1 && layout.key().getFirst() instanceof Field.IntField k) {
            rows.sort(Comparator.comparing((byte[] r) -> load(r, 0, k.size()), k.signed() ? Long::compare
                    : Long::compareUnsigned));
        } else {
            rows.sort((a, b) -> Arrays.compareUnsigned(a, 0, keySize, b, 0, keySize));
        }
        if (spec.top() != null && rows.size() > spec.top()) {
            rows.subList(spec.top(), rows.size()).clear();
        }
    }

    private Histogram histogram(byte[] row, int keySize) {
        Field.IntField e = (Field.IntField) bucketCounts.element();
        long[] counts = new long[(int) bucketCounts.count()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = load(row, (int) (keySize + bucketCounts.offset() + i * bucketCounts.stride() + e.offset()), e.size());
        }
        HistogramSpec h = spec.histogram();
        String unit = h.unit() == null ? "value" : h.unit();
        return HistogramSpec.LINEAR.equals(h.kind())
                ? Histogram.linear(unit, counts, h.base() == null ? 0 : h.base(), h.step() == null ? 1 : h.step())
                : Histogram.log2(unit, counts);
    }

    private static long load(byte[] b, int at, int size) {
        return PerCpu.load(ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()), at, size);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
