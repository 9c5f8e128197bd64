package dev.ecli.runner.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.runner.decode.Field;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label values from a map row, through the same field semantics the table output uses. */
class LabelDecoderTest {
    /** struct { char comm[16]; u32 sig; s32 err; u8 daddr[4]; u32 saddr; enum state; u32 plain; } */
    private static final List<Field> FIELDS = List.of(
            new Field.CharsField("comm", List.of(), 0, 16),
            new Field.IntField("sig", List.of(), 16, 4, false),
            new Field.IntField("err", List.of("gadget_errno"), 20, 4, true),
            new Field.ArrayField("daddr", List.of(), 24, new Field.IntField("", List.of(), 0, 1, false), 4, 1),
            new Field.IntField("saddr", List.of(), 28, 4, false),
            new Field.EnumField("state", List.of(), 32, 4, false, Map.of(1L, "ESTABLISHED")),
            new Field.IntField("plain", List.of(), 36, 4, false));

    private static MemorySegment row() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
        b.put("bash".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16, 9);
        b.putInt(20, -2);
        b.put(24, new byte[] {10, 0, 0, 7});
        b.put(28, new byte[] {(byte) 192, (byte) 168, 1, 1});
        b.putInt(32, 1);
        b.putInt(36, (int) 4_000_000_000L);
        return MemorySegment.ofArray(b.array());
    }

    @Test
    void valuesReadAsTheTableShowsThem() {
        LabelDecoder d = new LabelDecoder(FIELDS, Map.of("sig", "signal", "daddr", "ipv4", "saddr", "ipv4"));
        assertArrayEquals(new String[] {"comm", "sig", "err", "daddr", "saddr", "state", "plain"}, d.names());
        // Strings cut at NUL, the manifest's formats (a byte array and a u32 as ipv4), the typedef's (errno),
        // enum names, and an unsigned u32 past 2^31 as a positive number.
        assertEquals(List.of("bash", "SIGKILL", "-ENOENT", "10.0.0.7", "192.168.1.1", "ESTABLISHED", "4000000000"),
                d.values(row()));
    }

    @Test
    void withoutFormatsNumbersStayNumbers() {
        LabelDecoder d = new LabelDecoder(FIELDS.subList(1, 3), Map.of());
        assertEquals(List.of("9", "-ENOENT"), d.values(row()), "errno still comes from the typedef");
    }

    @Test
    void aFormatThatDoesNotFitTheFieldIsIgnored() {
        LabelDecoder d = new LabelDecoder(List.of(FIELDS.getFirst()), Map.of("comm", "signal"));
        assertEquals(List.of("bash"), d.values(row()));
    }
}
