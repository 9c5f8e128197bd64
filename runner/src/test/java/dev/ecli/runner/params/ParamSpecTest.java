package dev.ecli.runner.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every parameter type parsed and rejected; discovery from the seed package's BTF. */
class ParamSpecTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static ParamSpec spec(ParamSpec.Kind kind, int size, boolean signed, Map<String, Long> enums) {
        return new ParamSpec("v", ".rodata", 0, size, kind, signed, enums, "T", "0", "opt", null, null, null, 1, false);
    }

    @Test
    void signedIntegersCoverTheirRangeAndNoMore() throws Exception {
        ParamSpec s32 = spec(ParamSpec.Kind.INT, 4, true, Map.of());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}, s32.encode("2147483647", LE));
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0x80}, s32.encode("-2147483648", LE));
        assertArrayEquals(new byte[] {0x10, 0, 0, 0}, s32.encode("0x10", LE));
        ParamException e = assertThrows(ParamException.class, () -> s32.encode("2147483648", LE));
        assertEquals("--opt: expected T, -2147483648..2147483647, got '2147483648'", e.getMessage());
        assertThrows(ParamException.class, () -> s32.encode("12abc", LE));
        assertThrows(ParamException.class, () -> s32.encode("", LE));
    }

    @Test
    void unsignedIntegersRejectNegatives() throws Exception {
        ParamSpec u8 = spec(ParamSpec.Kind.INT, 1, false, Map.of());
        assertArrayEquals(new byte[] {(byte) 255}, u8.encode("255", LE));
        assertThrows(ParamException.class, () -> u8.encode("256", LE));
        assertThrows(ParamException.class, () -> u8.encode("-1", LE));
        ParamSpec u64 = spec(ParamSpec.Kind.INT, 8, false, Map.of());
        assertEquals("18446744073709551615", u64.decode(u64.encode("18446744073709551615", LE), LE));
        assertThrows(ParamException.class, () -> u64.encode("18446744073709551616", LE));
    }

    @Test
    void boolsAcceptTheUsualWords() throws Exception {
        ParamSpec b = spec(ParamSpec.Kind.BOOL, 1, false, Map.of());
        for (String t : List.of("true", "1", "yes", "TRUE")) {
            assertArrayEquals(new byte[] {1}, b.encode(t, LE), t);
        }
        for (String f : List.of("false", "0", "no")) {
            assertArrayEquals(new byte[] {0}, b.encode(f, LE), f);
        }
        assertThrows(ParamException.class, () -> b.encode("maybe", LE));
    }

    @Test
    void enumsTakeEnumeratorNames() throws Exception {
        ParamSpec e = spec(ParamSpec.Kind.ENUM, 4, false, Map.of("RED", 0L, "BLUE", 2L));
        assertArrayEquals(new byte[] {2, 0, 0, 0}, e.encode("BLUE", LE));
        assertArrayEquals(new byte[] {2, 0, 0, 0}, e.encode("blue", LE));
        assertEquals("BLUE", e.decode(new byte[] {2, 0, 0, 0}, LE));
        ParamException x = assertThrows(ParamException.class, () -> e.encode("GREEN", LE));
        assertTrue(x.getMessage().contains("one of"), x.getMessage());
    }

    @Test
    void enumsTakeTheirNamesWithoutTheCommonPrefixInAnyCase() throws Exception {
        Map<String, Long> rw = new java.util.LinkedHashMap<>();
        rw.put("RW_READ", 1L);
        rw.put("RW_WRITE", 2L);
        ParamSpec e = spec(ParamSpec.Kind.ENUM, 4, false, rw);
        for (String w : List.of("RW_WRITE", "rw_write", "WRITE", "write", "Write")) {
            assertArrayEquals(new byte[] {2, 0, 0, 0}, e.encode(w, LE), w);
        }
        assertArrayEquals(new byte[] {1, 0, 0, 0}, e.encode("read", LE));
        ParamException x = assertThrows(ParamException.class, () -> e.encode("RW_", LE));
        assertEquals("--opt: expected one of RW_READ, RW_WRITE (or read, write), got 'RW_'", x.getMessage());
        assertThrows(ParamException.class, () -> e.encode("rite", LE));
        // The prefix runs to the last underscore both share: TCP_SYN_, so recv names TCP_SYN_RECV.
        ParamSpec t = spec(ParamSpec.Kind.ENUM, 4, false, Map.of("TCP_SYN_SENT", 2L, "TCP_SYN_RECV", 3L));
        assertArrayEquals(new byte[] {3, 0, 0, 0}, t.encode("recv", LE));
        // One enumerator: its own name up to its last underscore.
        ParamSpec one = spec(ParamSpec.Kind.ENUM, 4, false, Map.of("MODE_FAST", 7L));
        assertArrayEquals(new byte[] {7, 0, 0, 0}, one.encode("fast", LE));
    }

    @Test
    void stringsMustLeaveRoomForTheNul() throws Exception {
        ParamSpec c = spec(ParamSpec.Kind.CHARS, 4, false, Map.of());
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0}, c.encode("abc", LE));
        assertEquals("abc", c.decode(new byte[] {'a', 'b', 'c', 0}, LE));
        ParamException x = assertThrows(ParamException.class, () -> c.encode("abcd", LE));
        assertEquals("--opt: expected text of at most 3 bytes, got 'abcd'", x.getMessage());
    }

    @Test
    void seedPackageParamsComeFromItsBtfAndManifest() throws Exception {
        Path root = Path.of(System.getProperty("ecli.repoRoot", ".."));
        PackageSpec pkg = PackageLoader.load(root.resolve("packages/exitsnoop"));
        ElfFile elf = ElfFile.read(pkg.objectPath());
        List<ParamSpec> params = ParamSpec.discover(Btf.fromElf(elf), elf, pkg.manifest());
        ParamSpec pid = params.stream().filter(p -> p.longName().equals("pid")).findFirst().orElseThrow();
        assertEquals("p", pid.shortName());
        assertEquals(ParamSpec.Kind.INT, pid.kind());
        assertTrue(pid.signed());
        assertEquals("pid_t", pid.cType());
        assertEquals("0", pid.defaultText());
        ParamSpec failed = params.stream().filter(p -> p.longName().equals("failed")).findFirst().orElseThrow();
        assertEquals(ParamSpec.Kind.BOOL, failed.kind());
        assertEquals("false", failed.defaultText());
        ParamSpec cgroup = params.stream().filter(p -> p.longName().equals("cgroup")).findFirst().orElseThrow();
        assertEquals("cgroup_map", cgroup.cgroupMap());
    }

    @Test
    void aScaledIntegerIsStoredTimesItsScaleAndShownAsGiven() throws Exception {
        ParamSpec us = new ParamSpec("v", ".rodata", 0, 8, ParamSpec.Kind.INT, false, java.util.Map.of(), "__u64", "0",
                "min", null, null, null, 1000, false);
        byte[] stored = us.encode("25", java.nio.ByteOrder.LITTLE_ENDIAN);
        org.junit.jupiter.api.Assertions.assertEquals(25_000L,
                java.nio.ByteBuffer.wrap(stored).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0));
        org.junit.jupiter.api.Assertions.assertEquals("25", us.decode(stored, java.nio.ByteOrder.LITTLE_ENDIAN));
    }
}
