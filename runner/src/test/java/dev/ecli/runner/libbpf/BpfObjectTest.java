package dev.ecli.runner.libbpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening objects with libbpf (no load: needs no privilege). */
class BpfObjectTest {
    @Test
    void listsProgramsAndMapsOfExitsnoop() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            assertEquals("exitsnoop", o.name());
            assertEquals(List.of("handle_exit"), o.programs().stream().map(BpfProgram::name).toList());
            BpfProgram p = o.programs().getFirst();
            assertEquals("tp/sched/sched_process_exit", p.section());
            assertEquals(5, p.type());
            assertTrue(p.autoload());
            assertTrue(p.fd() < 0, "not loaded yet");
            BpfMap rb = o.map("rb").orElseThrow();
            assertEquals(27, rb.type());
            assertEquals(256 * 1024, rb.maxEntries());
            assertTrue(rb.fd() < 0, "not loaded yet");
            assertTrue(o.map("exitsnoo.rodata").isPresent(), o.maps().toString());
        }
    }

    @Test
    void debugLinesAreKeptOnlyWhenVerbose() throws Exception {
        try {
            LibBpf.setVerbose(false);
            try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
                assertEquals("", LibbpfLog.text(), "a clean open logs only at debug level");
            }
            LibBpf.setVerbose(true);
            try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
                assertTrue(LibbpfLog.text().contains("libbpf: "), LibbpfLog.text());
            }
        } finally {
            LibBpf.setVerbose(false);
        }
    }

    @Test
    void opensFromMemoryUnderTheGivenName() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoopBytes(), "fromram")) {
            assertEquals("fromram", o.name());
            assertTrue(o.map("rb").isPresent());
            assertTrue(o.map("fromram.rodata").isPresent(), o.maps().toString());
        }
    }

    @Test
    void setsDefinitionsBeforeLoad() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            BpfMap rb = o.map("rb").orElseThrow();
            rb.setMaxEntries(1 << 20);
            assertEquals(1 << 20, rb.maxEntries());

            BpfMap rodata = o.maps().stream().filter(m -> m.name().endsWith(".rodata")).findFirst().orElseThrow();
            byte[] value = rodata.initialValue();
            value[0] = 42;
            rodata.setInitialValue(value);
            assertArrayEquals(value, rodata.initialValue());
            BpfException e = assertThrows(BpfException.class, () -> rodata.setInitialValue(new byte[value.length + 1]));
            assertTrue(e.getMessage().startsWith("set initial value of map " + rodata.name() + ": "), e.getMessage());

            BpfProgram p = o.programs().getFirst();
            p.setAutoload(false);
            assertFalse(p.autoload());
        }
    }

    @Test
    void mapOperationsNeedALoadedMap() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            BpfMap rodata = o.maps().stream().filter(m -> m.name().endsWith(".rodata")).findFirst().orElseThrow();
            BpfException e = assertThrows(BpfException.class, () -> rodata.lookup(new byte[4]));
            assertEquals("look up in map " + rodata.name() + ": the map is not loaded", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> rodata.lookup(new byte[3]));
        }
    }

    @Test
    void aClosedObjectRefusesUse() throws Exception {
        BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop());
        BpfMap rb = o.map("rb").orElseThrow();
        o.close();
        o.close();
        assertThrows(IllegalStateException.class, rb::fd);
        assertThrows(IllegalStateException.class, o::load);
    }

    @Test
    void garbageGivesOneLineMessageAndKeepsTheLog(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.bpf.o");
        Files.writeString(bad, "not an object at all");
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.open(bad));
        assertTrue(e.getMessage().startsWith("open bad.bpf.o: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.errno() > 0);
        assertTrue(e.log().contains("libbpf: "), e.log());
    }

    @Test
    void missingFileAndEmptyBytesAreOneLineToo() {
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.open(Path.of("/nonexistent/x.bpf.o")));
        assertEquals("open x.bpf.o: No such file or directory", e.getMessage());
        assertEquals(2, e.errno());
        e = assertThrows(BpfException.class, () -> BpfObject.open(new byte[0], "empty"));
        assertTrue(e.getMessage().startsWith("open empty: "), e.getMessage());
        e = assertThrows(BpfException.class, () -> BpfObject.open(new byte[] {0x7f, 'E', 'L', 'F'}, "stub"));
        assertTrue(e.getMessage().startsWith("open stub: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
