package dev.ecli.runner.pkg;

/**
 * How a sampled map's values are shown as a histogram ({@code maps.NAME.histogram}).
 *
 * @param field the value's array of bucket counts; null: the value itself, or its only array
 * @param kind  {@code log2} (bucket 0 counts 0 and 1, bucket i counts 2^i to 2^(i+1)-1) or {@code linear}
 * @param unit  what the buckets measure, the header of the first column (e.g. {@code usecs})
 * @param base  linear: the low bound of the first bucket; null: 0
 * @param step  linear: the width of each bucket; null: 1
 */
public record HistogramSpec(String field, String kind, String unit, Long base, Long step) {
    /** Bucket i counts values v with floor(log2(v)) == i (0 and 1 both in bucket 0), as libbpf-tools' log2l histograms. */
    public static final String LOG2 = "log2";
    /** Bucket i counts values in [base + i*step, base + (i+1)*step). */
    public static final String LINEAR = "linear";
}
