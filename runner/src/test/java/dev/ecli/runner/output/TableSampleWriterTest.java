package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.runner.sample.Histogram;
import org.junit.jupiter.api.Test;

/** Histograms drawn in bcc's layout: columns, star bars scaled to the largest count. */
class TableSampleWriterTest {
    @Test
    void log2() {
        StringBuilder sb = new StringBuilder();
        TableSampleWriter.draw(Histogram.log2("usecs", new long[] {3, 0, 40, 10}), sb);
        assertEquals("""
                     usecs               : count    distribution
                         0 -> 1          : 3        |***                                     |
                         2 -> 3          : 0        |                                        |
                         4 -> 7          : 40       |****************************************|
                         8 -> 15         : 10       |**********                              |
                """, sb.toString());
    }

    @Test
    void wideLog2GetsWiderColumnsAndHalfTheStars() {
        long[] counts = new long[34];
        counts[0] = 1;
        counts[33] = 2;
        StringBuilder sb = new StringBuilder();
        TableSampleWriter.draw(Histogram.log2("nsecs", counts), sb);
        String[] lines = sb.toString().split("\n");
        assertEquals("               nsecs                         : count    distribution", lines[0]);
        assertEquals("                   0 -> 1                    : 1        |**********          |", lines[1]);
        assertEquals("          8589934592 -> 17179869183          : 2        |********************|", lines[34]);
    }

    @Test
    void linear() {
        StringBuilder sb = new StringBuilder();
        TableSampleWriter.draw(Histogram.linear("msecs", new long[] {0, 2, 0, 4}, 0, 5), sb);
        assertEquals("""
                     msecs         : count     distribution
                        5          : 2        |********************                    |
                        10         : 0        |                                        |
                        15         : 4        |****************************************|
                """, sb.toString());
    }
}
