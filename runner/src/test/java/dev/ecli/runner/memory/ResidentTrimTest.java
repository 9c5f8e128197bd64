package dev.ecli.runner.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentTrimTest {
    private static List<String> mapping(String header, int anonKb) {
        return List.of(header, "Size:                 64 kB", "Rss:                  64 kB",
                "Anonymous:      " + anonKb + " kB", "VmFlags: rd mr mw me");
    }

    @Test
    void onlyReadOnlyPrivateFileMappingsWithoutPrivateCopiesAreDropped() {
        List<String> smaps = new java.util.ArrayList<>();
        smaps.addAll(mapping("800000000-801000000 r--p 00000000 fe:00 42   /opt/app/cache.aot", 0));
        smaps.addAll(mapping("7f0000000000-7f0000010000 r--p 00001000 fe:00 43   /usr/lib/libx.so", 8)); // relocated
        smaps.addAll(mapping("7f0000010000-7f0000020000 rw-p 00000000 fe:00 43   /usr/lib/libx.so", 0));
        smaps.addAll(mapping("7f0000020000-7f0000030000 r-xp 00000000 fe:00 44   /usr/lib/liby.so", 0));
        smaps.addAll(mapping("7f0000030000-7f0000040000 r--p 00000000 00:00 0", 0)); // anonymous
        smaps.addAll(mapping("7f0000040000-7f0000050000 r--s 00000000 00:10 9   anon_inode:bpf-map", 0));
        smaps.addAll(mapping("7f0000050000-7f0000060000 r--p 00000000 fe:00 45   /tmp/gone.aot (deleted)", 0));
        smaps.addAll(mapping("7f0000060000-7f0000070000 r--s 00000000 fe:00 46   /usr/lib/shared.dat", 0));
        List<ResidentTrim.Mapping> maps = ResidentTrim.candidates(smaps);
        assertEquals(8, maps.size());
        assertEquals(List.of(true, false, false, true, false, false, false, false),
                maps.stream().map(ResidentTrim.Mapping::candidate).toList());
        assertEquals(0x800000000L, maps.get(0).start());
        assertEquals(0x801000000L, maps.get(0).end());
    }

    @Test
    void trimmingThisJvmKeepsItWorkingAndDropsSomething() throws IOException {
        long before = rssKb();
        long advised = ResidentTrim.trim();
        assertTrue(advised > 0, "this JVM maps read-only files (libjvm.so at least)");
        // Everything dropped is still readable: classes load, code runs.
        assertEquals("ok", String.join("", List.of("o", "k")));
        assertTrue(Files.readString(Path.of("/proc/self/status")).contains("VmRSS"));
        assertTrue(rssKb() > 0 && before > 0);
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
