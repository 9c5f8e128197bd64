package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.format.Formats;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableSinkTest extends SinkContract {
    @Override
    Sink newSink(OutputStream out, boolean flushEachEvent) {
        return new TableSink(out, List.of(EVENTS), OutputOptions.NONE.flushing(flushEachEvent));
    }

    /** The first cell of each row under the header. */
    @Override
    List<Long> pids(String text) {
        return text.lines().filter(l -> !l.startsWith("PID")).map(l -> Long.parseLong(l.split("\\s+")[0])).toList();
    }

    private static EventStream withFormat(String field, String format) {
        return new EventStream(EVENTS.map(), EVENTS.plan(), EVENTS.fields(),
                Map.of(field, Formats.of(format, 8).orElseThrow()), Map.of(), r -> true);
    }

    private static String header(EventStream s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableSink sink = new TableSink(out, List.of(s), OutputOptions.NONE.flushing(true));
        sink.begin();
        return out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    @Test
    void aHeadingCarriesTheUnitTheCellsShow() throws Exception {
        // Raw nanoseconds: the name's unit is the cells' unit.
        assertEquals(List.of("PID", "PPID", "EXIT_CODE", "DURATION_NS", "COMM", "TID", "SIG", "CORE_DUMPED",
                        "CGROUP_ID"),
                List.of(header(EVENTS).trim().split("\\s+")));
        // Formatted as a duration (1.50s): the cells carry their own unit, the heading drops _NS.
        assertEquals("DURATION", header(withFormat("duration_ns", "duration")).trim().split("\\s+")[3]);
        // Other formats leave the name alone.
        assertEquals("DURATION_NS", header(withFormat("duration_ns", "hex")).trim().split("\\s+")[3]);
    }

    @Test
    void aNumberWiderThanItsColumnIsWholeAndTheCellsAfterItComeBackToTheirColumns() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableSink sink = new TableSink(out, List.of(EVENTS), OutputOptions.NONE);
        sink.begin();
        MemorySegment r = record(1);
        r.set(ValueLayout.JAVA_LONG, 16, -1L); // duration_ns: 18446744073709551615, 20 digits in a 12-wide column
        r.set(ValueLayout.JAVA_INT, 40, 4242); // tid
        sink.event(EVENTS, r);
        sink.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String header = lines.get(0), row = lines.get(1);
        assertTrue(row.contains(" 18446744073709551615 proc-1 "), "never cut, one space after it: " + row);
        // COMM's padding takes the 8 extra characters back: TID is under its heading again
        assertEquals("4242 ", row.substring(header.indexOf(" TID ") + 1, header.indexOf(" TID ") + 6), row);
        assertEquals(header.indexOf(" CGROUP_ID") + 1, row.lastIndexOf(' ') + 1, "the last cell too: " + row);
    }

    @Test
    void cutTextEndsInAnEllipsisWithinItsWidth() {
        assertEquals("abc…", TableSink.cut("abcdef", 4));
        // a character outside the BMP is two chars: never half of one
        assertEquals("ab…", TableSink.cut("ab\uD83D\uDE00cd", 4));
        assertEquals("ab\uD83D\uDE00…", TableSink.cut("ab\uD83D\uDE00cd", 5));
    }

    @Test
    void headingsDropEachUnitSpelling() {
        var d = Formats.of("duration", 8).orElseThrow();
        assertEquals("LAT", TableSink.heading("lat_us", d));
        assertEquals("WAIT", TableSink.heading("wait_msec", d));
        assertEquals("AGE", TableSink.heading("age_s", d));
        assertEquals("TS", TableSink.heading("ts_nsec", Formats.of("timestamp", 8).orElseThrow()));
        assertEquals("NS", TableSink.heading("ns", d));
        assertEquals("COUNT_NS", TableSink.heading("count_ns", null));
    }
}
