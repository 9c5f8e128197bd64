package dev.ecli.runner.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.pkg.FieldSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields whose meaning is text made from the record, and the checks of specs against types. */
class StreamViewMeaningsTest {
    private static final List<String> NONE = List.of();
    // struct { __u16 family; __u8 pad[6]; unsigned __int128 saddr; char args[24]; int ret; }
    private static final Field FAMILY = new Field.IntField("family", NONE, 0, 2, false);
    private static final Field SADDR = new Field.IntField("saddr", NONE, 8, 16, false);
    private static final Field ARGS = new Field.CharsField("args", NONE, 24, 24);
    private static final Field RET = new Field.IntField("ret", NONE, 48, 4, true);

    private static DecodePlan plan() throws Exception {
        return DecodePlan.assemble("ev", 52, List.of(FAMILY, SADDR, ARGS, RET));
    }

    private static FieldSpec spec(String format, String family, String join, boolean reversed) {
        return new FieldSpec(format, null, false, null, null, null, null, null, family, join, reversed, null, null, null, null, null, null);
    }

    private static MemorySegment record(int family, byte[] addr, String args, int ret) {
        MemorySegment r = MemorySegment.ofArray(new byte[52]);
        r.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), 0, (short) family);
        MemorySegment.copy(addr, 0, r, ValueLayout.JAVA_BYTE, 8, addr.length);
        byte[] a = args.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(a, 0, r, ValueLayout.JAVA_BYTE, 24, a.length);
        r.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder()), 48, ret);
        return r;
    }

    private static String text(EventStream s, String field, MemorySegment r) {
        Field f = s.fields().stream().filter(x -> x.name().equals(field)).findFirst().orElseThrow();
        return TextValue.of(f, r, s.formats().get(field));
    }

    @Test
    void addressesByFamilyArgvListsAndRet() throws Exception {
        EventStream s = StreamView.of("rb", plan(), Map.of("saddr", spec("ip", "family", null, false),
                "args", spec("strings", null, null, false), "ret", new FieldSpec("ret", null, false, null)));
        byte[] v4 = new byte[16];
        v4[0] = 127;
        v4[3] = 1;
        v4[8] = 0x55; // garbage beyond an IPv4 address is not shown
        MemorySegment r = record(2, v4, "a\0b\0c\0", -2);
        assertEquals("127.0.0.1", text(s, "saddr", r));
        assertEquals("a b c", text(s, "args", r));
        assertEquals("-ENOENT", text(s, "ret", r));
        byte[] v6 = new byte[16];
        v6[15] = 1;
        assertEquals("::1", text(s, "saddr", record(10, v6, "x", 3)));
        assertEquals("3", text(s, "ret", record(10, v6, "x", 3)));
    }

    @Test
    void aPortInNetworkOrderIsItsValue() throws Exception {
        Field port = new Field.IntField("port", NONE, 0, 2, false);
        DecodePlan p = DecodePlan.assemble("ev", 2, List.of(port));
        EventStream s = StreamView.of("rb", p, Map.of("port", new FieldSpec(null, null, false, null, null, null, null,
                null, null, null, false, null, null, null, null, "network", null)));
        MemorySegment r = MemorySegment.ofArray(new byte[] {0x1f, (byte) 0x90}); // 8080, big-endian
        assertEquals("8080", text(s, "port", r));
        assertEquals(List.of("fields.args: byte-order network needs an integer of 2, 4 or 8 bytes, not char[24]"),
                StreamView.problems("fields", plan(), Map.of("args", new FieldSpec(null, null, false, null, null, null,
                        null, null, null, null, false, null, null, null, null, "network", null))));
    }

    @Test
    void reversedComponentsJoinedAsAPath() throws Exception {
        EventStream s = StreamView.of("rb", plan(), Map.of("args", spec("strings", null, "/", true)));
        assertEquals("etc/hostname", text(s, "args", record(0, new byte[0], "hostname\0etc\0", 0)));
    }

    @Test
    void formatsThatCannotApplyAreNamed() throws Exception {
        List<String> p = StreamView.problems("fields", plan(), Map.of(
                "saddr", new FieldSpec("ipv4", null, false, null),
                "args", new FieldSpec("signal", null, false, null),
                "ret", spec("ip", null, null, false),
                "family", spec("strings", null, null, false)));
        assertEquals(4, p.size(), p.toString());
        assertEquals(List.of(
                "fields.family: format strings needs a char array, not an unsigned 16-bit integer",
                "fields.saddr: format ipv4 does not apply to an unsigned 128-bit integer (it needs a 4-byte integer"
                        + " or __u8[4]; for an address whose family another field gives, use format ip with family)",
                "fields.args: format signal does not apply to char[24] (it needs an integer of at most 8 bytes)",
                "fields.ret: format ip needs family, the field that holds the address family"), p);
        assertEquals(List.of("fields.saddr: family names 'fam', which is no field here (there are: family, saddr,"
                + " args, ret)"), StreamView.problems("fields", plan(), Map.of("saddr", spec("ip", "fam", null, false))));
        assertEquals(List.of("fields.args: enum, names and flags name integers, not char[24]"),
                StreamView.problems("fields", plan(), Map.of("args", new FieldSpec(null, null, false, null, null, null,
                        Map.of("1", "ONE"), null, null, null, false, null, null, null, null, null, null))));
    }
}
