package dev.ecli.btf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Ids of a table's named types by name, built on the first lookup. Anonymous types are not
 * indexed. Thread-safe: the map is built once under a lock and then only read.
 */
final class NameIndex {
    private static final int[] NONE = {};

    private final TypeTable table;
    private volatile Map<String, int[]> byName;

    NameIndex(TypeTable table) {
        this.table = table;
    }

    /** Ids with this name in id order; never null. */
    int[] ids(String name) {
        if (name.isEmpty()) {
            return NONE;
        }
        Map<String, int[]> m = byName;
        if (m == null) {
            m = build();
        }
        return m.getOrDefault(name, NONE);
    }

    private synchronized Map<String, int[]> build() {
        Map<String, int[]> m = byName;
        if (m != null) {
            return m;
        }
        int n = table.endId() - table.firstId();
        Map<String, int[]> growing = new HashMap<>(n * 4 / 3 + 16);
        for (int id = table.firstId(); id < table.endId(); id++) {
            long off = table.nameOff(id);
            if (off == 0) {
                continue;
            }
            String name = table.strings().get(off);
            if (name.isEmpty()) {
                continue;
            }
            // Slot 0 counts the ids; the array doubles, so many equal names stay linear.
            int[] ids = growing.get(name);
            if (ids == null) {
                growing.put(name, new int[] {1, id});
            } else {
                if (ids[0] + 1 == ids.length) {
                    ids = Arrays.copyOf(ids, ids.length * 2);
                    growing.put(name, ids);
                }
                ids[++ids[0]] = id;
            }
        }
        growing.replaceAll((name, ids) -> Arrays.copyOfRange(ids, 1, ids[0] + 1));
        m = growing;
        byName = m;
        return m;
    }
}
