package dev.ecli.runner.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.session.RunPlan;
import dev.ecli.runner.stream.EventStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Filters bound to shipped packages' streams, on records the test writes: {@code ||},
 * {@code &&}, {@code !}, lists, and networks on each kind of address field (examples/tcpconnect's
 * {@code ipv4} __u32 and {@code ipv6} __u8[16], libbpf-tools tcpstates' {@code ip} by family).
 */
class EventFilterTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private static Path root() {
        String prop = System.getProperty("ecli.repoRoot");
        return prop != null ? Path.of(prop) : Path.of("..");
    }

    /** The package's streams with {@code filter} compiled in. */
    private static List<EventStream> streams(String pkg, String filter) throws Exception {
        RunPlan.Basis basis = RunPlan.Basis.read(PackageLoader.load(root().resolve(pkg)));
        return RunPlan.of(basis, new ParamValues(), null, List.of(filter)).streams();
    }

    private static long offset(EventStream s, String name) {
        return switch (s.plan().fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()) {
            case Field.IntField i -> i.offset();
            case Field.EnumField e -> e.offset();
            case Field.ArrayField a -> a.offset();
            case Field.CharsField c -> c.offset();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void bytes(MemorySegment r, long at, int... b) {
        for (int i = 0; i < b.length; i++) {
            r.set(ValueLayout.JAVA_BYTE, at + i, (byte) b[i]);
        }
    }

    /** A tcpconnect ipv4_flow: pid 42, 10.1.2.3:5000 -> 127.0.0.1:80, comm curl. */
    private static MemorySegment ipv4Flow(EventStream s) {
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size(), 8);
        r.set(U32, offset(s, "pid"), 42);
        bytes(r, offset(s, "saddr"), 10, 1, 2, 3);
        bytes(r, offset(s, "daddr"), 127, 0, 0, 1);
        r.set(U16, offset(s, "sport"), (short) 5000);
        r.set(U16, offset(s, "dport"), (short) 80);
        MemorySegment.copy("curl".getBytes(StandardCharsets.UTF_8), 0, r, ValueLayout.JAVA_BYTE, offset(s, "comm"), 4);
        return r;
    }

    /** A tcpconnect ipv6_flow: ::1 -> fe80::1, comm curl. */
    private static MemorySegment ipv6Flow(EventStream s) {
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size(), 8);
        bytes(r, offset(s, "saddr"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        bytes(r, offset(s, "daddr"), 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        MemorySegment.copy("curl".getBytes(StandardCharsets.UTF_8), 0, r, ValueLayout.JAVA_BYTE, offset(s, "comm"), 4);
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "comm==wget || comm==curl                         => true => true",
        "comm==wget || comm==lynx                         => false => false",
        "comm==curl && pid==41                            => false => false",
        "(comm==curl && pid==41) || comm in (wget, curl)  => true => true",
        "!(comm in (wget, curl))                          => false => false",
        "!comm==curl || pid==42                           => true => false",
        "saddr in 10.0.0.0/8                              => true => false",
        "saddr in 11.0.0.0/8                              => false => false",
        "saddr in 10.1.2.2/31                             => true => false",
        "daddr==127.0.0.0/8                               => true => false",
        "daddr!=127.0.0.0/8                               => false => true",
        "daddr==127.0.0.1                                 => true => false",
        "saddr in (192.168.0.0/16, 10.1.2.3)              => true => false",
        "saddr==::1                                       => false => true",
        "saddr==0:0::1                                    => false => true",
        "daddr in fe80::/10                               => false => true",
        "daddr in ::ffff:127.0.0.1                        => true => false",
        "saddr in ::ffff:10.0.0.0/104                     => true => false",
        "saddr in ::ffff:10.128.0.0/105                   => false => false",
        "saddr~^10\\. || saddr~^::1$                      => true => true",
        "dport in (22, 80) && saddr in 10.0.0.0/8         => true => false",
    })
    void tcpconnectRecordsMatchAsTheirFieldsSay(String filter, boolean ipv4, boolean ipv6) throws Exception {
        List<EventStream> s = streams("examples/tcpconnect", filter);
        assertEquals(ipv4, s.get(0).filter().test(ipv4Flow(s.get(0))), "ipv4_flow");
        assertEquals(ipv6, s.get(1).filter().test(ipv6Flow(s.get(1))), "ipv6_flow");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "saddr in 127.0.0.0/8          => true => false",
        "saddr==::1 || daddr==::1      => false => true",
        "saddr in (127.0.0.1, ::1)     => true => true",
        "!(saddr in 127.0.0.0/8)       => false => true",
    })
    void addressesChosenByFamilyMatchAsShown(String filter, boolean v4, boolean v6) throws Exception {
        EventStream s = streams("packages/libbpf-tools/tcpstates", filter).getFirst();
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size(), 16);
        r.set(U16, offset(s, "family"), (short) 2);
        bytes(r, offset(s, "saddr"), 127, 0, 0, 1);
        bytes(r, offset(s, "daddr"), 127, 0, 0, 1);
        assertEquals(v4, s.filter().test(r), "AF_INET 127.0.0.1");
        r.set(U16, offset(s, "family"), (short) 10);
        bytes(r, offset(s, "saddr"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        bytes(r, offset(s, "daddr"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertEquals(v6, s.filter().test(r), "AF_INET6 ::1");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "comm in 10.0.0.0/8       => column 9: comm carries no address format (ipv4, ipv6 or ip), so it is in no network",
        "pid in 5                 => column 8: in takes a list, (a, b), or a network such as 10.0.0.0/8, got '5'",
        "pid==1 || nope==2        => column 11: no field 'nope' in ipv4_flow (fields: pid, saddr, daddr, sport, dport,"
                + " outcome, latency_ns, comm)",
        "pid==1 && dport<http     => column 17: < needs a number, got 'http'",
        "comm~[                   => column 6: bad regular expression '[': Unclosed character class",
    })
    void bindingMistakesNameTheirColumn(String filter, String message) {
        FilterException e = assertThrows(FilterException.class, () -> streams("examples/tcpconnect", filter));
        assertEquals("--filter '" + filter + "': " + message, e.getMessage());
    }
}
