package dev.ecli.runner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The run's one-line summary: what filters left out, and prints instead of events for map-only runs. */
class RunStatsTest {
    @Test
    void eventsWithWhatFiltersLeftOut() {
        assertEquals("12 events, 3 filtered out in 4.0 s (stopped: interrupt)",
                new RunStats(12, 0, 0, 4.0, StopReason.INTERRUPT, 0, 3, 0, true).summary());
        assertEquals("1 event in 4.0 s", new RunStats(1, 0, 0, 4.0, null, 0, 0, 0, true).summary(),
                "nothing filtered out: not mentioned");
    }

    @Test
    void mapOnlyRunsCountPrints() {
        assertEquals("5 map prints, 2 dropped by the kernel in 5.0 s",
                new RunStats(0, 0, 2, 5.0, null, 0, 0, 5, false).summary());
        assertEquals("1 map print in 1.0 s", new RunStats(0, 0, 0, 1.0, null, 0, 0, 1, false).summary());
        assertEquals("0 events in 1.0 s", new RunStats(0, 0, 0, 1.0, null, 0, 0, 0, false).summary(),
                "nothing printed (-o none): the plain count");
        assertEquals("4 events in 1.0 s", new RunStats(4, 0, 0, 1.0, null, 0, 0, 2, true).summary(),
                "events and maps: the events, as before");
    }
}
