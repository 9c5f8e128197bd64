package dev.ecli.runner.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.libbpf.BpfTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attaching by section name, and how failures read. Tests that attach are tagged "bpf". */
class AutoAttachTest {
    private long fdsBefore = -1;

    @AfterEach
    void nothingLeftOpen() throws Exception {
        if (fdsBefore >= 0) {
            assertEquals(fdsBefore, BpfTestSupport.bpfFds(), "BPF fds left open");
        }
    }

    private void requireBpf() throws Exception {
        BpfTestSupport.requireBpf();
        fdsBefore = BpfTestSupport.bpfFds();
    }

    @Test
    void tracefsIsNeededByTracepointsAndLegacyProbesOnly() {
        assertTrue(AutoAttach.needsTracefs("tp/sched/sched_process_exit"));
        assertTrue(AutoAttach.needsTracefs("tracepoint/sched/sched_process_exit"));
        assertTrue(AutoAttach.needsTracefs("kprobe/do_exit"));
        assertTrue(AutoAttach.needsTracefs("uprobe//bin/sh:main"));
        assertFalse(AutoAttach.needsTracefs("raw_tp/sched_process_exit"));
        assertFalse(AutoAttach.needsTracefs("tp_btf/sched_process_exit"));
        assertFalse(AutoAttach.needsTracefs("fentry/do_exit"));
    }

    @org.junit.jupiter.api.Tag("bpf")
    @Test
    void attachesExitsnoopAndTheObjectDetachesWhatIsLeft() throws Exception {
        requireBpf();
        BpfLink link;
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            o.load();
            List<BpfLink> links = AutoAttach.attachAll(o);
            assertEquals(1, links.size());
            link = links.getFirst();
            assertTrue(link.isOpen());
        }
        assertFalse(link.isOpen(), "closing the object closes its links");
        link.close();
    }

    @org.junit.jupiter.api.Tag("bpf")
    @Test
    void aMissingTracepointIsOneLineNamingProgramAndSection() throws Exception {
        requireBpf();
        byte[] elf = BpfTestSupport.renamed(BpfTestSupport.exitsnoopBytes(),
                "tp/sched/sched_process_exit", "tp/sched/sched_process_nope");
        try (BpfObject o = BpfObject.open(elf, "nope")) {
            o.load();
            BpfException e = assertThrows(BpfException.class, () -> AutoAttach.attachAll(o));
            assertEquals("attach program handle_exit (SEC tp/sched/sched_process_nope): No such file or directory;"
                    + " no such tracepoint (see /sys/kernel/tracing/events/)", e.getMessage());
            assertEquals(2, e.errno());
            assertTrue(e.log().contains("sched_process_nope"), e.log());
        }
    }

    /** The same program as a kprobe: this kernel may have no kprobes at all, or no such function. */
    @org.junit.jupiter.api.Tag("bpf")
    @Test
    void aKprobeThatCannotAttachSaysWhy() throws Exception {
        requireBpf();
        byte[] elf = BpfTestSupport.renamed(BpfTestSupport.exitsnoopBytes(),
                "tp/sched/sched_process_exit", "kprobe/ecli_no_such_fn");
        try (BpfObject o = BpfObject.open(elf, "kp")) {
            assertEquals(2, o.programs().getFirst().type(), "BPF_PROG_TYPE_KPROBE");
            o.load();
            BpfException e = assertThrows(BpfException.class, () -> AutoAttach.attachAll(o));
            String prefix = "attach program handle_exit (SEC kprobe/ecli_no_such_fn): ";
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            boolean kprobes = Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"))
                    || Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"));
            if (e.errno() == 2) {
                assertTrue(e.getMessage().endsWith(kprobes ? "; no such kernel function (see /proc/kallsyms)"
                        : "; kernel built without CONFIG_KPROBES? use a tracepoint (tp/...) or fentry/... instead"),
                        e.getMessage());
            }
        }
    }

    @org.junit.jupiter.api.Tag("bpf")
    @Test
    void noAcceptingStrategyIsAnErrorAndNothingStaysAttached() throws Exception {
        requireBpf();
        AttachStrategy none = new AttachStrategy() {
            @Override
            public boolean accepts(BpfProgram program) {
                return false;
            }

            @Override
            public Attachment attach(BpfProgram program) {
                throw new AssertionError();
            }
        };
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            o.load();
            BpfException e = assertThrows(BpfException.class, () -> Attacher.attachAll(o, List.of(none)));
            assertEquals("attach program handle_exit (SEC tp/sched/sched_process_exit): no way to attach this section",
                    e.getMessage());
        }
    }

    @org.junit.jupiter.api.Tag("bpf")
    @Test
    void programsNotLoadedAreNotAttached() throws Exception {
        requireBpf();
        try (BpfObject o = BpfObject.open(BpfTestSupport.exitsnoop())) {
            o.programs().getFirst().setAutoload(false);
            o.load();
            assertEquals(List.of(), AutoAttach.attachAll(o));
        }
    }
}
