package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a kernel lacks is named from libbpf's feature probes once a load fails: a helper the
 * kernel does not offer the program's type. (The map type case runs on Linux 6.1 in
 * scripts/guest-kernel-test.sh: cgrp_storage maps came in 6.2; here the same package loads.)
 */
@Tag("bpf")
class MissingFeatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHelperTheKernelLacksIsNamedWithTheProgramType() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("runner/src/test/bpf/features/nohelper").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg)) {
            assertEquals(ExitCodes.KERNEL, r.waitFor(), r.stderr.toString());
            assertEquals(List.of("ecli-java: load program on_exit (SEC tp/sched/sched_process_exit): this kernel does"
                    + " not offer helper #9999 to tracepoint programs"), r.stderr);
        }
    }

    @Test
    void aMapTypeThisKernelHasLoads() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("runner/src/test/bpf/features/cgrpstorage").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = new ProcessBuilder("true").start();
            child.waitFor();
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));
            assertEquals("true", e.get("comm").asText());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }
}
