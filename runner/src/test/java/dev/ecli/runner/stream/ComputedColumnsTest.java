package dev.ecli.runner.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.pkg.ComputedSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Columns computed from a record's fields: whole numbers, decimals, formats, and the checks. */
class ComputedColumnsTest {
    private static final List<String> NONE = List.of();
    private static final Field START = new Field.IntField("start", NONE, 0, 8, false);
    private static final Field END = new Field.IntField("end", NONE, 8, 8, false);
    private static final Field BYTES = new Field.IntField("bytes", NONE, 16, 4, false);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private static DecodePlan plan() throws Exception {
        return DecodePlan.assemble("ev", 20, List.of(START, END, BYTES));
    }

    private static MemorySegment record(long start, long end, int bytes) {
        MemorySegment r = MemorySegment.ofArray(new byte[20]);
        r.set(U64, 0, start);
        r.set(U64, 8, end);
        r.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), 16, bytes);
        return r;
    }

    private static String text(EventStream s, String field, MemorySegment r) {
        Field f = s.fields().stream().filter(x -> x.name().equals(field)).findFirst().orElseThrow();
        return TextValue.of(f, r, s.formats().get(field));
    }

    @Test
    void differencesRatiosAndFormats() throws Exception {
        Map<String, ComputedSpec> computed = new java.util.LinkedHashMap<>();
        computed.put("age", new ComputedSpec("end - start", "duration", null, null));
        computed.put("age_s", new ComputedSpec("(end - start) / 1000000000.0", null, null, null));
        computed.put("kb", new ComputedSpec("bytes / 1024", null, null, null));
        computed.put("half", new ComputedSpec("bytes * 1 / 0", null, null, null));
        EventStream s = StreamView.of("rb", plan(), Map.of(), computed);
        MemorySegment r = record(1_000_000_000L, 1_300_000_000L, 3000);
        assertEquals("300.00ms", text(s, "age", r));
        assertEquals("0.3", text(s, "age_s", r));
        assertEquals("2", text(s, "kb", r));
        assertEquals("0", text(s, "half", r), "a division by zero gives 0, not an exception on the event thread");
        assertEquals(List.of("start", "end", "bytes", "age", "age_s", "kb", "half"),
                s.fields().stream().map(Field::name).toList());
    }

    @Test
    void mistakesAreNamedWithTheirColumn() throws Exception {
        assertEquals(List.of(
                "computed.a.expr: end - nope: 'nope' is no integer field of at most 8 bytes (the fields: start, end,"
                        + " bytes)",
                "computed.b.expr: (end - start: ')' expected at column 13",
                "computed.c.format: duration does not apply to a decimal (the expression has a number with a point)",
                "computed.start: the struct already has a field start; name the column otherwise"),
                StreamView.computedProblems("computed", plan(), new java.util.LinkedHashMap<>(Map.of(
                        "a", new ComputedSpec("end - nope", null, null, null))) {{
                            put("b", new ComputedSpec("(end - start", null, null, null));
                            put("c", new ComputedSpec("end / 2.5", "duration", null, null));
                            put("start", new ComputedSpec("end", null, null, null));
                        }}));
    }
}
