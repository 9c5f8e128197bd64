package dev.ecli.runner.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The advice appended to attach and load failures. */
class LoadHintsTest {
    @Test
    void kprobeNotFoundPointsAtTheKernelConfigOrTheFunction() {
        String h = LoadHints.hint("kprobe/do_exit", 2, "");
        assertTrue(h.contains("CONFIG_KPROBES") || h.contains("no such kernel function"), h);
        assertEquals(h, LoadHints.hint("kretprobe/do_exit", 2, ""));
    }

    @Test
    void missingTracepoint() {
        assertTrue(LoadHints.hint("tp/sched/nope", 2, "").contains("no such tracepoint"));
        assertTrue(LoadHints.hint("tracepoint/sched/nope", 2, "").contains("no such tracepoint"));
    }

    @Test
    void tracingProgramsRefusedSuggestTracepoints() {
        for (String s : new String[] {"fentry/do_exit", "fexit/do_exit", "lsm/file_open"}) {
            String h = LoadHints.hint(s, 1, "");
            assertTrue(h.startsWith("; the kernel refuses " + s.substring(0, s.indexOf('/'))), h);
            assertTrue(h.contains("tp/"), h);
        }
    }

    @Test
    void verifierRejectionQuotesItsLastWord() {
        String log = "libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n0: (79) r0 = *(u64 *)(r9 +0)\nR9 !read_ok\n"
                + "processed 1 insns (limit 1000000)\n-- END PROG LOAD LOG --\nlibbpf: prog 'p': failed to load: -13\n";
        assertEquals("; the verifier rejected it: R9 !read_ok (run with -v for the full log)",
                LoadHints.hint("tp/sched/x", 13, log));
    }

    @Test
    void nothingToAddOtherwise() {
        assertEquals("", LoadHints.hint("tp/sched/x", 16, ""));
        assertEquals("", LoadHints.hint("xdp", 13, "no verifier here"));
    }
}
