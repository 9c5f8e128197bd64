package dev.ecli.runner.libbpf;

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
    static Path root() {
        String prop = System.getProperty("ecli.repoRoot");
        return prop != null ? Path.of(prop) : Path.of("..");
    }

    @Test
    void listsProgramsAndMapsOfTheSeed() throws Exception {
        try (BpfObject o = BpfObject.open(root().resolve("packages/exitsnoop/exitsnoop.bpf.o"))) {
            assertEquals(List.of("handle_exit"), o.programs().stream().map(BpfProgram::name).toList());
            assertEquals("tp/sched/sched_process_exit", o.programs().getFirst().section());
            assertEquals(5, o.programs().getFirst().type());
            BpfMap rb = o.map("rb").orElseThrow();
            assertEquals(27, rb.type());
            assertEquals(256 * 1024, rb.maxEntries());
        }
    }

    @Test
    void opensFromMemoryToo() throws Exception {
        byte[] elf = Files.readAllBytes(root().resolve("packages/exitsnoop/exitsnoop.bpf.o"));
        try (BpfObject o = BpfObject.open(elf, "exitsnoop")) {
            assertTrue(o.map("rb").isPresent());
        }
    }

    @Test
    void garbageGivesOneLineMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.bpf.o");
        Files.writeString(bad, "not an object at all");
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.open(bad));
        assertTrue(e.getMessage().startsWith("open bad.bpf.o: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.errno() > 0);
    }
}
