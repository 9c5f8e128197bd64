package dev.ecli.runner.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bucket bounds and trimming of log2 and linear histograms. */
class HistogramTest {
    @Test
    void log2BucketsAreLibbpfToolsSlotsUpToTheLastNonEmpty() {
        Histogram h = Histogram.log2("usecs", new long[] {1, 0, 5, 2, 0, 0});
        assertEquals(List.of(new Histogram.Bucket(0, 1, 1), new Histogram.Bucket(2, 3, 0),
                new Histogram.Bucket(4, 7, 5), new Histogram.Bucket(8, 15, 2)), h.buckets());
        assertEquals(8, h.total());
        assertEquals(3, h.widest());
    }

    @Test
    void linearBucketsGoFromTheFirstToTheLastNonEmpty() {
        Histogram h = Histogram.linear("msecs", new long[] {0, 0, 3, 0, 4, 0}, 100, 10);
        assertEquals(List.of(new Histogram.Bucket(120, 129, 3), new Histogram.Bucket(130, 139, 0),
                new Histogram.Bucket(140, 149, 4)), h.buckets());
    }

    @Test
    void emptyHistogramsHaveNoBuckets() {
        assertEquals(List.of(), Histogram.log2("usecs", new long[4]).buckets());
        assertEquals(List.of(), Histogram.linear("x", new long[4], 0, 1).buckets());
    }
}
