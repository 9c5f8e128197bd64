package dev.ecli.runner.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.attach.AutoAttach;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfTestSupport;
import dev.ecli.runner.sys.SysException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both ring-buffer readers on the real exitsnoop program: a child's exit arrives as a record. */
@Tag("bpf")
class RingBufferReadersTest {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    enum Reader {
        MMAP, LIBBPF;

        RecordSource open(BpfMap map) throws SysException {
            return this == MMAP ? new RingBufferReader(map) : new LibbpfRingBufferReader(map);
        }
    }

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

    @ParameterizedTest
    @EnumSource(Reader.class)
    void aChildsExitCodeArrives(Reader kind) throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            o.load();
            AutoAttach.attachAll(o);
            try (RecordSource source = kind.open(o.map("rb").orElseThrow())) {
                Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
                assertEquals(7, child.exitValue());
                int pid = (int) child.pid();

                AtomicReference<String> found = new AtomicReference<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (found.get() == null && System.nanoTime() < deadline) {
                    source.poll(100, r -> {
                        assertTrue(r.byteSize() >= 40, "record of " + r.byteSize() + " bytes");
                        if (r.get(INT, 0) == pid && r.get(INT, 8) == 7) {
                            found.set(comm(r.asSlice(24, 16)));
                        }
                    });
                }
                assertEquals("sh", found.get(), "no exit record with pid " + pid + " and exit code 7");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Reader.class)
    void pollTimesOutQuietlyAndCloseIsFinal(Reader kind) throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            o.load();
            RecordSource source = kind.open(o.map("rb").orElseThrow());
            assertEquals(0, source.poll(0, r -> { }), "nothing attached, nothing to read");
            assertEquals(0, source.poll(10, r -> { }));
            source.close();
            source.close();
            assertThrows(IllegalStateException.class, () -> source.poll(0, r -> { }));
        }
    }

    @ParameterizedTest
    @EnumSource(Reader.class)
    void onlyLoadedRingBuffersAreAccepted(Reader kind) throws Exception {
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            assertThrows(IllegalArgumentException.class, () -> kind.open(o.map("rb").orElseThrow()), "not loaded");
            o.load();
            BpfMap rodata = o.maps().stream().filter(m -> m.name().endsWith(".rodata")).findFirst().orElseThrow();
            assertThrows(IllegalArgumentException.class, () -> kind.open(rodata), "not a ring buffer");
        }
    }

    private static String comm(MemorySegment s) {
        byte[] b = s.toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n);
    }
}
