package dev.ecli.runner.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The max-series cap: which series are exposed, and how the left-out ones are counted. */
class SeriesLimitTest {
    @Test
    void keepsAtMostTheCapInReadOrderAndCountsTheRest() {
        SeriesLimit<String> limit = new SeriesLimit<>(3);
        assertEquals(List.of("a", "b", "c"), limit.admit(List.of("a", "b", "c", "d", "e")));
        assertEquals(2, limit.refused(), "d and e");
    }

    @Test
    void aRefusedSeriesIsCountedOnceWhileItStays() {
        SeriesLimit<String> limit = new SeriesLimit<>(2);
        for (int scrape = 0; scrape < 5; scrape++) {
            assertEquals(List.of("a", "b"), limit.admit(List.of("a", "b", "c")));
        }
        assertEquals(1, limit.refused(), "c, once, not at each of 5 scrapes");
    }

    @Test
    void exposedSeriesKeepTheirPlaceAndNewOnesDoNotDisplaceThem() {
        SeriesLimit<String> limit = new SeriesLimit<>(2);
        limit.admit(List.of("b", "c"));
        // "a" comes first in this read (hash order changes), but b and c hold the places.
        assertEquals(List.of("b", "c"), limit.admit(List.of("a", "b", "c")));
        assertEquals(1, limit.refused());
    }

    @Test
    void aSeriesThatLeavesTheMapFreesItsPlace() {
        SeriesLimit<String> limit = new SeriesLimit<>(2);
        limit.admit(List.of("a", "b", "c"));
        assertEquals(List.of("b", "c"), limit.admit(List.of("b", "c")), "a was deleted from the map");
        assertEquals(List.of("b", "c"), limit.admit(List.of("a", "b", "c")), "a is back, but b and c came first");
        assertEquals(2, limit.refused(), "c at the first read, a when it came back");
    }

    @Test
    void thousandsOfKeysStayUnderTheDefaultCap() {
        SeriesLimit<Integer> limit = new SeriesLimit<>(1000);
        List<Integer> keys = java.util.stream.IntStream.range(0, 5000).boxed().toList();
        assertEquals(1000, limit.admit(keys).size());
        assertEquals(4000, limit.refused());
        assertEquals(1000, limit.admit(keys).size());
        assertEquals(4000, limit.refused(), "the same 4000, still there, are not counted again");
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SeriesLimit<String>(0));
    }
}
