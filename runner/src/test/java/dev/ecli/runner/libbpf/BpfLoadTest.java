package dev.ecli.runner.libbpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Loading into the real kernel: maps, map operations, and how refusals read. */
@Tag("bpf")
class BpfLoadTest {
    private long fdsBefore;

    @BeforeEach
    void before() throws Exception {
        BpfTestSupport.requireBpf();
        fdsBefore = BpfTestSupport.bpfFds();
    }

    @AfterEach
    void nothingLeftOpen() throws Exception {
        assertEquals(fdsBefore, BpfTestSupport.bpfFds(), "BPF fds left open");
    }

    private static BpfMap rodata(BpfObject o) {
        return o.maps().stream().filter(m -> m.name().endsWith(".rodata")).findFirst().orElseThrow();
    }

    @Test
    void loadsAndReadsBackRodataThroughTheMapSyscalls() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            BpfMap ro = rodata(o);
            byte[] value = ro.initialValue();
            ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).putInt(0, 4242);
            ro.setInitialValue(value);
            o.load();
            assertTrue(o.programs().getFirst().fd() >= 0);
            assertTrue(o.map("rb").orElseThrow().fd() >= 0);

            byte[] key = new byte[ro.keySize()];
            assertArrayEquals(value, ro.lookup(key));
            assertArrayEquals(key, ro.nextKey(null));
            assertNull(ro.nextKey(key));
            byte[] beyond = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 1).array();
            assertNull(ro.lookup(beyond));

            BpfException e = assertThrows(BpfException.class, () -> ro.update(key, value));
            assertEquals("update map " + ro.name() + ": Operation not permitted", e.getMessage());
            assertEquals(1, e.errno());
            assertThrows(BpfException.class, () -> o.map("rb").orElseThrow().setMaxEntries(8192));
        }
    }

    @Test
    void libbpfRoundsRingSizesUp() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            BpfMap rb = o.map("rb").orElseThrow();
            rb.setMaxEntries(5000);
            assertEquals(8192, rb.maxEntries());
        }
    }

    /** Not a power of two, and too close to 2^32 for libbpf to round up: the kernel refuses. */
    @Test
    void aMapTheKernelRefusesIsNamed() throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            o.map("rb").orElseThrow().setMaxEntries(0xffff_ffffL);
            BpfException e = assertThrows(BpfException.class, o::load);
            assertEquals("load exitsnoop: create map rb: Invalid argument", e.getMessage());
            assertEquals(22, e.errno());
            assertTrue(e.log().contains("map 'rb': failed to create"), e.log());
        }
    }

    /**
     * The allkinds test program (one long straight path of stores) with its final {@code r0 = 0}
     * (before {@code exit}) turned into a read through the never-set r9: the verifier refuses,
     * with a log longer than one 4 KiB print buffer.
     */
    @Test
    void aVerifierRejectionIsOneLineAndTheWholeLogIsKept() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] bad = BpfTestSupport.patchedOnce(java.nio.file.Files.readAllBytes(
                        BpfTestSupport.repoRoot().resolve("runner/src/test/bpf/allkinds/allkinds.bpf.o")),
                hex.parseHex("b700000000000000" + "9500000000000000"),
                hex.parseHex("7990000000000000" + "9500000000000000"));
        try (BpfObject o = BpfObject.open(bad, "badexit")) {
            BpfException e = assertThrows(BpfException.class, o::load);
            String prefix = "load program on_exit (SEC tp/sched/sched_process_exit): Permission denied;"
                    + " the verifier rejected it: ";
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
            assertTrue(e.getMessage().contains("R9"), e.getMessage());
            assertTrue(e.getMessage().endsWith(" (run with -v for the full log)"), e.getMessage());
            assertEquals(13, e.errno());
            assertTrue(e.log().contains("-- BEGIN PROG LOAD LOG --"), e.log());
            assertTrue(e.log().contains("-- END PROG LOAD LOG --"), "log cut short:\n" + e.log());
            // libbpf prints the verifier's log in one call: more than the first 4 KiB try must survive.
            int printed = e.log().indexOf("-- END PROG LOAD LOG --") - e.log().indexOf("-- BEGIN PROG LOAD LOG --");
            assertTrue(printed > 4096, "verifier log of " + printed + " bytes does not test long lines");
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
