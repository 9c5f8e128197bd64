package dev.ecli.runner.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * One value's array of bucket counts, labelled: log2 buckets as libbpf-tools count them
 * (bucket 0 holds 0 and 1, bucket i holds 2^i to 2^(i+1)-1) or linear ones (bucket i holds
 * base + i*step to base + (i+1)*step - 1). Only the buckets worth printing are kept: log2 from
 * the first bucket to the last non-empty one, linear from the first non-empty to the last.
 *
 * @param kind    {@code log2} or {@code linear}
 * @param unit    what the buckets measure (e.g. usecs)
 * @param buckets the buckets kept, in order
 * @param widest  the highest bucket index of the array that is non-empty (-1 when all are empty)
 */
public record Histogram(String kind, String unit, List<Bucket> buckets, int widest) {
    /** Values from {@code low} to {@code high}, both included, were seen {@code count} times. */
    public record Bucket(long low, long high, long count) {}

    /** The log2 histogram of an array of slot counts. */
    public static Histogram log2(String unit, long[] bucketCounts) {
        int last = lastNonZero(bucketCounts);
        List<Bucket> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            long low = i == 0 ? 0 : 1L << i;
            long high = i >= 63 ? Long.MAX_VALUE : (1L << (i + 1)) - 1;
            out.add(new Bucket(low, high, bucketCounts[i]));
        }
        return new Histogram("log2", unit, List.copyOf(out), last);
    }

    /** The linear histogram of an array of slot counts. */
    public static Histogram linear(String unit, long[] bucketCounts, long base, long step) {
        int first = 0;
        while (first < bucketCounts.length && bucketCounts[first] == 0) {
            first++;
        }
        int last = lastNonZero(bucketCounts);
        List<Bucket> out = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            out.add(new Bucket(base + i * step, base + (i + 1) * step - 1, bucketCounts[i]));
        }
        return new Histogram("linear", unit, List.copyOf(out), last);
    }

    private static int lastNonZero(long[] bucketCounts) {
        for (int i = bucketCounts.length - 1; i >= 0; i--) {
            if (bucketCounts[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** All counts added up. */
    public long total() {
        long t = 0;
        for (Bucket b : buckets) {
            t += b.count();
        }
        return t;
    }
}
