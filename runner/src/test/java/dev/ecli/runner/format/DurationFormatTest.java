package dev.ecli.runner.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Durations as the table shows them: the same text String.format gave, rounding included. */
class DurationFormatTest {
    /** What the table showed before durations were formatted by hand: the oracle. */
    private static String byStringFormat(long ns) {
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fus", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
        }
        if (ns < 60_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fs", ns / 1e9);
        }
        long s = ns / 1_000_000_000L;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    @Test
    void examples() {
        assertEquals("950ns", Formats.duration(950));
        assertEquals("-5ns", Formats.duration(-5));
        assertEquals("12.3us", Formats.duration(12_345));
        assertEquals("4.10ms", Formats.duration(4_100_000));
        assertEquals("1.05ms", Formats.duration(1_045_000));
        assertEquals("1.50s", Formats.duration(1_500_000_000L));
        assertEquals("1000.0us", Formats.duration(999_950));
        assertEquals("60.00s", Formats.duration(59_995_000_000L));
        assertEquals("2m03s", Formats.duration(123_000_000_000L));
        assertEquals("1h01m01s", Formats.duration(3_661_000_000_000L));
    }

    @Test
    void sameTextAsStringFormatAtEveryBoundaryAndAtRandom() {
        List<Long> values = new ArrayList<>();
        long[] edges = {0, 999, 1_000, 1_049, 1_050, 1_051, 999_949, 999_950, 999_999, 1_000_000, 1_004_999,
            1_005_000, 999_994_999, 999_995_000, 999_999_999, 1_000_000_000L, 1_004_999_999L, 1_005_000_000L,
            59_994_999_999L, 59_995_000_000L, 59_999_999_999L, 60_000_000_000L, 3_599_999_999_999L,
            3_600_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long e : edges) {
            values.add(e);
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + r.nextInt(14);
            values.add(r.nextLong((long) Math.pow(10, digits)));
        }
        for (long ns : values) {
            assertEquals(byStringFormat(ns), Formats.duration(ns), "ns=" + ns);
        }
    }
}
