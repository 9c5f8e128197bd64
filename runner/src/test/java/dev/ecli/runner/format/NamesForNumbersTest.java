package dev.ecli.runner.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.BtfType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names for numbers: ret, syscalls, name tables, flag sets, kernel enums, disks. */
class NamesForNumbersTest {
    @Test
    void retIsTheValueOrMinusTheErrnoName() {
        ValueFormat ret = Formats.of("ret", 4).orElseThrow();
        assertEquals("3", ret.format(3));
        assertEquals("0", ret.format(0));
        assertEquals("-ENOENT", ret.format(-2));
    }

    @Test
    void syscallNamesOfThisArchitecture() {
        ValueFormat sys = Formats.of("syscall", 8).orElseThrow();
        if (System.getProperty("os.arch").equals("amd64")) {
            assertEquals("read", sys.format(0));
            assertEquals("openat", sys.format(257));
        }
        assertEquals("99999", sys.format(99999));
    }

    @Test
    void aNameTableNamesWhatItKnowsAndLeavesTheRestNumbers() {
        ValueFormat f = NameTable.of(NameTable.parse(Map.of("0", "MOUNT", "0x1", "UMOUNT", "-1", "ERR")), true);
        assertEquals("mount", f.format(0));
        assertEquals("umount", f.format(1));
        assertEquals("err", f.format(-1));
        assertEquals("7", f.format(7));
        assertThrows(NumberFormatException.class, () -> NameTable.parse(Map.of("x", "X")));
    }

    @Test
    void flagSetsNameBitsAndMaskedValuesAndShowTheRestInHex() {
        Map<String, String> open = new LinkedHashMap<>();
        open.put("O_RDONLY", "0/3");
        open.put("O_WRONLY", "1/3");
        open.put("O_RDWR", "2/3");
        open.put("O_CREAT", "0x40");
        open.put("O_CLOEXEC", "0x80000");
        ValueFormat f = FlagSet.of(open);
        assertEquals("O_RDONLY|O_CLOEXEC", f.format(0x80000));
        assertEquals("O_WRONLY|O_CREAT", f.format(0x41));
        assertEquals("O_RDWR|0x800", f.format(0x802));
        assertEquals("O_RDONLY", f.format(0));
        assertThrows(NumberFormatException.class, () -> FlagSet.of(Map.of("BAD", "4/3")));
    }

    @Test
    void kernelEnumNamesLoseTheirCommonPrefixAndSuffixButNotCounters() {
        Map<Long, String> tcp = KernelEnums.shortNames(List.of(new BtfType.EnumValue("TCP_ESTABLISHED", 1),
                new BtfType.EnumValue("TCP_SYN_SENT", 2), new BtfType.EnumValue("TCP_CLOSE", 7),
                new BtfType.EnumValue("TCP_MAX_STATES", 14)));
        assertEquals(Map.of(1L, "ESTABLISHED", 2L, "SYN_SENT", 7L, "CLOSE", 14L, "TCP_MAX_STATES"), tcp);
        Map<Long, String> softirq = KernelEnums.shortNames(List.of(new BtfType.EnumValue("HI_SOFTIRQ", 0),
                new BtfType.EnumValue("NET_RX_SOFTIRQ", 3), new BtfType.EnumValue("NR_SOFTIRQS", 10)));
        assertEquals(Map.of(0L, "HI", 3L, "NET_RX", 10L, "NR_SOFTIRQS"), softirq);
    }

    @Test
    void thisKernelsTcpStatesAndSoftirqVectors() {
        if (!Files.isReadable(KernelEnums.VMLINUX) && !"true".equals(System.getenv("CI"))) {
            return;
        }
        Map<Long, String> tcp = KernelEnums.byEnumerator("TCP_ESTABLISHED").orElseThrow();
        assertEquals("SYN_SENT", tcp.get(2L));
        assertEquals("LISTEN", tcp.get(10L));
        assertEquals("NET_RX", KernelEnums.byEnumerator("NET_RX_SOFTIRQ").orElseThrow().get(3L));
        assertTrue(KernelEnums.byEnumerator("NO_SUCH_ENUMERATOR_HERE").isEmpty());
    }

    @Test
    void kernelAddressesAsSymbols() throws Exception {
        if (!Files.isReadable(Path.of("/proc/kallsyms")) && !"true".equals(System.getenv("CI"))) {
            return;
        }
        // an address from kallsyms itself: schedule's entry, named as schedule
        long address = -1;
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[2].equals("schedule")) {
                address = Long.parseUnsignedLong(f[0], 16);
            }
        }
        assertTrue(address != 0 && address != -1, "root reads kallsyms' addresses");
        ValueFormat ksym = Formats.of("ksym", 8).orElseThrow();
        assertEquals("schedule", ksym.format(address));
        assertEquals("schedule+0x4", ksym.format(address + 4));
        assertTrue(Formats.of("ksym", 4).isEmpty(), "a kernel address is 8 bytes");
    }

    @Test
    void disksByKernelDevT(@TempDir Path sys) throws Exception {
        Files.createDirectories(sys.resolve("254:16"));
        Files.writeString(sys.resolve("254:16/uevent"), "MAJOR=254\nMINOR=16\nDEVNAME=vdb\nDEVTYPE=disk\n");
        assertEquals("vdb", Disks.lookup(sys, (254L << 20) | 16));
        assertEquals("7:3", Disks.lookup(sys, (7L << 20) | 3));
    }
}
