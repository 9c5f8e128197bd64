package dev.ecli.runner.symbolize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Addresses to function+offset from a kallsyms file: text symbols only, unsorted input, hidden addresses. */
class KernelSymbolsTest {
    @TempDir
    Path dir;

    @Test
    void namesAddressesByTheTextSymbolAtOrBelowThem() throws Exception {
        Path f = Files.writeString(dir.resolve("kallsyms"), String.join("\n",
                "ffffffff81000200 T vfs_read",
                "ffffffff81000100 t helper",
                "ffffffff81000180 D some_data",
                "ffffffff81000300 T ksys_read\t[mymod]",
                "0000000000000000 T hidden_by_kptr_restrict",
                ""));
        KernelSymbols k = KernelSymbols.load(f);
        assertEquals(3, k.size());
        assertEquals("helper", k.name(0xffffffff81000100L));
        assertEquals("helper+0xa0", k.name(0xffffffff810001a0L), "data symbols do not count");
        assertEquals("vfs_read+0x9d", k.name(0xffffffff8100029dL));
        assertEquals("ksys_read+0x1", k.name(0xffffffff81000301L));
        assertEquals("0xffffffff80000000", k.name(0xffffffff80000000L));
    }

    @Test
    void anUnreadableFileGivesAddresses() {
        KernelSymbols k = KernelSymbols.load(dir.resolve("missing"));
        assertEquals(0, k.size());
        assertEquals("0x1234", k.name(0x1234));
    }
}
