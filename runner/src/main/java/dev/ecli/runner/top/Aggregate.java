package dev.ecli.runner.top;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.stream.TextValue;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of one stream's events by key: each key is the text of the key fields (as a table cell
 * shows them); per key, the events and the sum of the sorted field. At most {@link #MAX_KEYS} keys
 * are kept; events of further keys are counted as {@link #otherEvents()}. Not thread-safe.
 */
final class Aggregate {
    /** The most distinct keys kept, so a storm of unique keys cannot grow memory without bound. */
    static final int MAX_KEYS = 100_000;

    /** One key's totals. */
    record Row(List<String> key, long count, long sum) {}

    private final EventStream stream;
    private final List<Field> keys;
    private final Field summed;
    private final Map<List<String>, long[]> totals = new HashMap<>();
    private long other;

    /**
     * @param keys   the fields whose values make the key
     * @param summed the integer field summed per key, or null to sort by count
     */
    Aggregate(EventStream stream, List<Field> keys, Field summed) {
        this.stream = stream;
        this.keys = List.copyOf(keys);
        this.summed = summed;
    }

    String map() {
        return stream.map();
    }

    List<Field> keys() {
        return keys;
    }

    Field summed() {
        return summed;
    }

    /** Adds one record. */
    void add(MemorySegment record) {
        String[] k = new String[keys.size()];
        for (int i = 0; i < k.length; i++) {
            Field f = keys.get(i);
            k[i] = TextValue.of(f, record, stream.formats().get(f.name()));
        }
        List<String> key = Arrays.asList(k);
        long[] t = totals.get(key);
        if (t == null) {
            if (totals.size() >= MAX_KEYS) {
                other++;
                return;
            }
            t = new long[2];
            totals.put(key, t);
        }
        t[0]++;
        if (summed != null) {
            t[1] += Numbers.of(summed, record);
        }
    }

    /** Events whose key did not fit. */
    long otherEvents() {
        return other;
    }

    /** The {@code n} largest rows: by sum when a field is summed, else by count; ties by key. */
    List<Row> top(int n) {
        Comparator<Row> order = summed != null ? Comparator.comparingLong(Row::sum).reversed()
                : Comparator.comparingLong(Row::count).reversed();
        order = order.thenComparing(r -> String.join("\u0000", r.key()));
        List<Row> rows = new ArrayList<>(totals.size());
        totals.forEach((k, t) -> rows.add(new Row(k, t[0], t[1])));
        rows.sort(order);
        return rows.subList(0, Math.min(n, rows.size()));
    }
}
