package dev.ecli.runner.metrics;

import dev.ecli.runner.pkg.HistogramSpec;

/**
 * The Prometheus {@code le} bounds of a bucket-count array. Bucket i's bound is the highest
 * integer it holds (log2: 2^(i+1)-1, so bucket 0 holds 0 and 1; linear: base+(i+1)*step-1).
 * The last bucket is open-ended ({@code +Inf}): programs clamp larger values into it.
 */
final class HistogramBounds {
    private HistogramBounds() {}

    /** One upper bound per bucket, the last {@code +Inf}. */
    static double[] of(HistogramSpec spec, int buckets) {
        double[] out = new double[buckets];
        boolean linear = HistogramSpec.LINEAR.equals(spec.kind());
        long base = spec.base() == null ? 0 : spec.base();
        long step = spec.step() == null ? 1 : spec.step();
        for (int i = 0; i < buckets - 1; i++) {
            out[i] = linear ? (double) (base + (i + 1) * step - 1) : Math.scalb(1.0, i + 1) - 1;
        }
        if (buckets > 0) {
            out[buckets - 1] = Double.POSITIVE_INFINITY;
        }
        return out;
    }
}
