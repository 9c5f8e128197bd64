package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code run PACKAGE --help} lists the package's parameters with types and defaults (no BPF needed). */
class RunHelpTest {
    @Test
    void exitsnoopHelpListsItsParamsWithDefaults() throws Exception {
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "--help")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            String help = String.join("\n", List.copyOf(r.allStdout));
            assertTrue(help.contains("Parameters of exitsnoop"), help);
            for (String want : List.of("-p, --pid=PID", "default: 0)", "-x, --failed[=BOOL]", "default: false)",
                    "-T, --threaded[=BOOL]", "-c, --cgroup=CGROUP", "--filter=EXPR", "--fields=LIST")) {
                assertTrue(help.contains(want), want + " not in:\n" + help);
            }
        }
    }

    @Test
    void aBadParamValueNamesTheFlagAndType() throws Exception {
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "--pid", "12abc")) {
            assertEquals(ExitCodes.USAGE, r.waitFor());
            assertEquals(List.of("ecli-java: --pid: expected pid_t, -2147483648..2147483647, got '12abc'"),
                    List.copyOf(r.stderr));
        }
    }
}
