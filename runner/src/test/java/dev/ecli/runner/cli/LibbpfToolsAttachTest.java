package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * packages/libbpf-tools whose events this machine cannot be made to cause on demand (direct
 * reclaim): each loads with its program choices and map sizes, attaches, runs a moment and stops
 * cleanly, printing its maps at the end.
 */
@Tag("bpf")
class LibbpfToolsAttachTest {
    @ParameterizedTest
    @ValueSource(strings = {"drsnoop"})
    void loadsAttachesAndStops(String tool) throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg(tool).toString(), "-o", "json",
                "--duration", "1")) {
            assertEquals(0, r.waitFor(), tool + ": " + r.stderr);
            assertTrue(r.stderr.stream().anyMatch(l -> l.contains("attached libbpf-tools-" + tool)),
                    r.stderr.toString());
        }
    }
}
