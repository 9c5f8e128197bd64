package dev.ecli.runner.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.SplitBtfBuilder;
import dev.ecli.runner.filter.EventFilter;
import dev.ecli.runner.output.OutputOptions;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.TableSink;
import dev.ecli.runner.stream.TextValue;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code __int128} and {@code unsigned __int128} (struct S: {@code __int128 a; unsigned __int128 b;},
 * written as split BTF on one of our examples' objects, as clang writes these integers) decode as exact numbers in JSON, the table, the
 * text form and filters.
 */
class Int128DecodeTest {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final String OBJECT = "examples/opensnoop/opensnoop.bpf.o";

    /** A record of S with a's and b's 64-bit words, low first. */
    private static MemorySegment record(long aLow, long aHigh, long bLow, long bHigh) {
        MemorySegment r = Arena.ofAuto().allocate(32);
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        r.set(I64, little ? 0 : 8, aLow);
        r.set(I64, little ? 8 : 0, aHigh);
        r.set(I64, little ? 16 : 24, bLow);
        r.set(I64, little ? 24 : 16, bHigh);
        return r;
    }

    private static DecodePlan plan() throws DecodeException {
        SplitBtfBuilder b = new SplitBtfBuilder(DecodePlanTest.btf(OBJECT));
        int signed = b.addInt("__int128", 16, SplitBtfBuilder.SIGNED);
        int unsigned = b.addInt("unsigned __int128", 16, 0);
        int s = b.addStruct("S", 32, List.of(new SplitBtfBuilder.Member("a", signed, 0),
                new SplitBtfBuilder.Member("b", unsigned, 128)));
        return DecodePlan.compile(b.build(), s);
    }

    @Test
    void theExtremesAreExactInJson() throws Exception {
        // a = -2^127, b = 2^128 - 1
        MemorySegment r = record(0, Long.MIN_VALUE, -1, -1);
        assertEquals("{\"a\":-170141183460469231731687303715884105728,"
                + "\"b\":340282366920938463463374607431768211455}", DecodePlanTest.json(plan(), r));
        // a = -1, b = 2^64 (a carry into the high word)
        assertEquals("{\"a\":-1,\"b\":18446744073709551616}", DecodePlanTest.json(plan(), record(-1, -1, 0, 1)));
        // a = 2^127 - 1: the largest signed value stays positive
        assertEquals("{\"a\":170141183460469231731687303715884105727,\"b\":0}",
                DecodePlanTest.json(plan(), record(-1, Long.MAX_VALUE, 0, 0)));
    }

    @Test
    void theTableAndTextFormShowTheSameDigits() throws Exception {
        DecodePlan plan = plan();
        MemorySegment r = record(5, -1, 0, 1L << 32);
        // a = -2^64 + 5, b = 2^96
        assertEquals("-18446744073709551611", TextValue.of(plan.fields().get(0), r, null));
        assertEquals("79228162514264337593543950336", TextValue.of(plan.fields().get(1), r, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableSink t = new TableSink(out, List.of(new EventStream("m", plan)), OutputOptions.NONE)) {
            t.event(new EventStream("m", plan), r);
        }
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.matches("(?s)A +B\\n-18446744073709551611 +79228162514264337593543950336\\n"), table);
    }

    @Test
    void aFilterComparesTheExactValue() throws Exception {
        EventStream s = new EventStream("m", plan());
        MemorySegment r = record(0, 1, 0, 0);
        assertTrue(EventFilter.compile("a == 18446744073709551616", s).test(r));
        assertFalse(EventFilter.compile("a == 0", s).test(r));
        assertTrue(EventFilter.compile("a != 1", s).test(r));
    }
}
