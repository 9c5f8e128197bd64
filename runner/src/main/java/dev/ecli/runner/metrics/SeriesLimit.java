package dev.ecli.runner.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cardinality cap of one metric: at most {@code max} series (label sets) are exposed. A
 * series keeps its place from one read to the next while its key stays in the map; new ones
 * take free places in the order they are read, and those left out are counted, once each time
 * they appear. Memory stays bounded by what the map holds. Not thread-safe.
 *
 * @param <K> a series' identity (its label values)
 */
final class SeriesLimit<K> {
    private final int max;
    private Set<K> admitted = new HashSet<>();
    private Set<K> refusedLastRead = new HashSet<>();
    private long refused;

    SeriesLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a series cap must be at least 1, got " + max);
        }
        this.max = max;
    }

    /** The series of this read that are exposed, in read order. */
    List<K> admit(Collection<K> present) {
        Set<K> next = new LinkedHashSet<>();
        for (K k : present) {
            if (admitted.contains(k)) {
                next.add(k);
            }
        }
        Set<K> refusedNow = new HashSet<>();
        for (K k : present) {
            if (next.contains(k)) {
                continue;
            }
            if (next.size() < max) {
                next.add(k);
            } else {
                refusedNow.add(k);
                // Counted when it appears, not again at every scrape while it stays.
                if (!refusedLastRead.contains(k)) {
                    refused++;
                }
            }
        }
        admitted = next;
        refusedLastRead = refusedNow;
        List<K> out = new ArrayList<>();
        for (K k : present) {
            if (next.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Series left out so far (a running total). */
    long refused() {
        return refused;
    }

    /** The cap. */
    int max() {
        return max;
    }
}
