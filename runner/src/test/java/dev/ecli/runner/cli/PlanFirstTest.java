package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mistakes in the options are found by the run plan, before anything is loaded: run as root
 * without any capability (setpriv empties the bounding set), a run that reached the kernel
 * would exit 5 for want of privilege; these exit 2 with the option's one line. Needs no BPF.
 */
class PlanFirstTest {
    private static final Path ROOT = RunnerProcess.repoRoot();

    private static List<String> run(int expected, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all"));
        cmd.addAll(RunnerProcess.javaCommand());
        cmd.add("run");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes()).strip();
        assertEquals(expected, p.waitFor(), err);
        return err.lines().toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--filter|nosuchfield==1|ecli-java: --filter 'nosuchfield==1': column 1: no field 'nosuchfield' in event"
                + " (fields: pid, ppid, exit_code, duration_ns, comm, tid, sig, core_dumped, cgroup_id)",
        "--filter|pid<<1|ecli-java: --filter 'pid<<1': column 5: < needs a number, got '<1'",
        "--fields|pid,bogus|ecli-java: --fields: no field 'bogus' in event (fields: pid, ppid, exit_code, duration_ns,"
                + " comm, tid, sig, core_dumped, cgroup_id)",
    })
    void anOptionMistakeIsOneLineBeforeAnythingLoads(String option, String value, String line) throws Exception {
        assertEquals(List.of(line), run(ExitCodes.USAGE, ROOT.resolve("packages/exitsnoop").toString(), option, value));
    }

    @Test
    void withoutMistakesTheSameRunReachesTheKernelAndIsRefused() throws Exception {
        // The control: the same unprivileged run with a good filter gets as far as loading.
        List<String> err = run(ExitCodes.PERMISSION, ROOT.resolve("packages/exitsnoop").toString(), "--filter", "pid==1");
        assertEquals(1, err.size(), err.toString());
    }
}
