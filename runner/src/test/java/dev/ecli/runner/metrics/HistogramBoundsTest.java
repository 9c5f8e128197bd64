package dev.ecli.runner.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ecli.runner.pkg.HistogramSpec;
import org.junit.jupiter.api.Test;

/** The le bounds of log2 and linear bucket arrays. */
class HistogramBoundsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void log2BucketsEndAtTheirHighestIntegerAndTheLastIsOpen() {
        // Bucket 0 holds 0 and 1, bucket 1 holds 2-3, bucket 2 holds 4-7; the last takes what was clamped into it.
        assertArrayEquals(new double[] {1, 3, 7, 15, INF}, HistogramBounds.of(new HistogramSpec(null, "log2", null,
                null, null), 5));
    }

    @Test
    void linearBucketsFollowBaseAndStep() {
        assertArrayEquals(new double[] {109, 119, 129, INF}, HistogramBounds.of(new HistogramSpec(null, "linear",
                "ms", 100L, 10L), 4));
        assertArrayEquals(new double[] {0, 1, INF}, HistogramBounds.of(new HistogramSpec(null, "linear", null, null,
                null), 3));
    }
}
