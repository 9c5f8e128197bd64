package dev.ecli.runner.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.OutputOptions;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding synthetic records against the BTF of committed objects (no kernel needed). */
class DecodePlanTest {
    static Path root() {
        String prop = System.getProperty("ecli.repoRoot");
        return prop != null ? Path.of(prop) : Path.of("..");
    }

    static Btf btf(String object) {
        return Btf.fromElf(ElfFile.read(root().resolve(object)));
    }

    static String json(DecodePlan plan, MemorySegment record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonSink sink = new JsonSink(out, OutputOptions.NONE)) {
            sink.event(new EventStream("m", plan), record);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    @Test
    void exitsnoopEventDecodesToTheContractsJson() throws Exception {
        DecodePlan plan = DecodePlan.compile(btf("packages/exitsnoop/exitsnoop.bpf.o"), "event");
        assertEquals(64, plan.size());
        assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "tid", "sig", "core_dumped",
                "cgroup_id"),
                plan.fields().stream().map(Field::name).toList());
        MemorySegment r = Arena.ofAuto().allocate(64);
        r.set(I32, 0, 123);
        r.set(I32, 4, 1);
        r.set(I32, 8, 7);
        r.set(I64, 16, 4_100_000L);
        r.setString(24, "sh");
        r.set(I32, 40, 123);
        r.set(I32, 44, 9);
        r.set(ValueLayout.JAVA_BYTE, 48, (byte) 1);
        r.set(I64, 56, 4242L);
        assertEquals("{\"pid\":123,\"ppid\":1,\"exit_code\":7,\"duration_ns\":4100000,\"comm\":\"sh\","
                + "\"tid\":123,\"sig\":9,\"core_dumped\":true,\"cgroup_id\":4242}", json(plan, r));
    }

    @Test
    void charArrayWithoutNulUsesEveryByteAndNoMore() throws Exception {
        DecodePlan plan = DecodePlan.compile(btf("packages/exitsnoop/exitsnoop.bpf.o"), "event");
        MemorySegment r = Arena.ofAuto().allocate(64);
        MemorySegment.copy("0123456789abcdefXXXXXXXX".getBytes(StandardCharsets.US_ASCII), 0,
                r, ValueLayout.JAVA_BYTE, 24, 24);
        String out = json(plan, r);
        assertTrue(out.contains("\"comm\":\"0123456789abcdef\",\"tid\":1482184792,"), out);
    }

    @Test
    void unsignedFieldsKeepTheFullRange() throws Exception {
        DecodePlan plan = DecodePlan.compile(btf("packages/exitsnoop/exitsnoop.bpf.o"), "event");
        MemorySegment r = Arena.ofAuto().allocate(64);
        r.set(I32, 0, -1);
        r.set(I32, 8, -1);
        r.set(I64, 16, -1L);
        String out = json(plan, r);
        assertTrue(out.startsWith("{\"pid\":-1,\"ppid\":0,\"exit_code\":4294967295,\"duration_ns\":18446744073709551615,"),
                out);
    }

    @Test
    void shortRecordIsRefused() throws Exception {
        DecodePlan plan = DecodePlan.compile(btf("packages/exitsnoop/exitsnoop.bpf.o"), "event");
        MemorySegment r = Arena.ofAuto().allocate(55);
        assertThrows(IllegalArgumentException.class, () -> json(plan, r));
    }

    @Test
    void everyKindFromTheAllkindsObject() throws Exception {
        Btf btf = btf("runner/src/test/bpf/allkinds/allkinds.bpf.o");
        DecodePlan plan = DecodePlan.compile(btf, "allkinds");
        MemorySegment r = Arena.ofAuto().allocate(plan.size());
        // Offsets from the BTF itself, so the test follows the compiler's layout.
        BtfType.Struct s = (BtfType.Struct) btf.find("allkinds", BtfKind.STRUCT).orElseThrow();
        for (BtfType.Member m : s.members()) {
            long at = m.bitOffset() / 8;
            switch (m.name()) {
                case "pid" -> r.set(I32, at, 42);
                case "u8max" -> r.set(ValueLayout.JAVA_BYTE, at, (byte) 255);
                case "s8min" -> r.set(ValueLayout.JAVA_BYTE, at, (byte) -128);
                case "u64max" -> r.set(I64, at, -1L);
                case "s64min" -> r.set(I64, at, Long.MIN_VALUE);
                case "yes" -> r.set(ValueLayout.JAVA_BYTE, at, (byte) 1);
                case "with_nul" -> r.setString(at, "hi");
                case "named" -> r.set(I32, at, 2);
                case "unnamed" -> r.set(I32, at, 7);
                case "arr" -> { r.set(I32, at, 1); r.set(I32, at + 4, -2); r.set(I32, at + 8, 3); }
                default -> { }
            }
        }
        // bf_a:3 = 5, bf_b:5 = 17, bf_c:4 = -3 (0b1101), packed from bit 736.
        long bits = 5L | (17L << 3) | (0b1101L << 8);
        r.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 92, (short) bits);
        String out = json(plan, r);
        for (String want : List.of("\"pid\":42", "\"u8max\":255", "\"s8min\":-128", "\"u64max\":18446744073709551615",
                "\"s64min\":-9223372036854775808", "\"yes\":true", "\"no\":false", "\"with_nul\":\"hi\"",
                "\"named\":\"BLUE\"", "\"unnamed\":7", "\"arr\":[1,-2,3]", "\"nested\":{\"a\":0,\"b\":0}",
                "\"un\":{\"u\":0,\"f\":0.0}", "\"bf_a\":5", "\"bf_b\":17", "\"bf_c\":-3", "\"anon_x\":0")) {
            assertTrue(out.contains(want), want + " not in " + out);
        }
    }

    @Test
    void everyStructInTheKernelsBtfCompilesOrIsRefusedCleanly() throws Exception {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(vmlinux));
        Btf btf = Btf.read(vmlinux);
        int compiled = 0;
        for (BtfType t : btf.findAll(BtfKind.STRUCT)) {
            try {
                DecodePlan.compile(btf, t.id());
                compiled++;
            } catch (DecodeException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
        }
        assertTrue(compiled > 1000, "compiled " + compiled);
    }
}
