package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/sigsnoop: signals the test sends to a child of its own (and to a pid that cannot
 * exist) come out with sender, target, signal and result.
 */
@Tag("bpf")
class SigsnoopExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above any pid_max: kill() fails with ESRCH. */
    private static final long NO_SUCH_PID = 99_999_999L;

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/sigsnoop").toString();
    }

    /** Runs {@code kill -SIG PID} (procps' kill, comm "kill"); returns its pid. */
    private static long kill(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("/bin/kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p.pid();
    }

    @Test
    void jsonShowsSenderTargetSignalAndResult() throws Exception {
        RunnerProcess.requireBpf();
        Process child = new ProcessBuilder("sleep", "30").start();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long sender = kill("USR1", child.pid());
            JsonNode ok = JSON.readTree(r.awaitLine(l -> l.contains("\"tpid\":" + child.pid() + ","), 10));
            assertEquals(List.of("pid", "tpid", "sig", "retval", "comm", "cgroup_id"), names(ok));
            assertEquals(TestCgroup.own(), ok.get("cgroup_id").asLong(), "kill runs in our cgroup");
            assertEquals(sender, ok.get("pid").asLong());
            assertEquals(10, ok.get("sig").asInt(), "SIGUSR1");
            assertEquals(0, ok.get("retval").asInt());
            assertEquals("kill", ok.get("comm").asText());

            long failedSender = kill("USR2", NO_SUCH_PID);
            JsonNode failed = JSON.readTree(r.awaitLine(l -> l.contains("\"tpid\":" + NO_SUCH_PID + ","), 10));
            assertEquals(failedSender, failed.get("pid").asLong());
            assertEquals(12, failed.get("sig").asInt(), "SIGUSR2");
            assertEquals(-3, failed.get("retval").asInt(), "-ESRCH");
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void tableNamesSignalsAndErrorsAndParamsFilterInTheKernel() throws Exception {
        RunnerProcess.requireBpf();
        Process child = new ProcessBuilder("sleep", "30").start();
        // --signal 12 --failed: only failed SIGUSR2s.
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--signal", "12", "--failed")) {
            String header = r.awaitLine(l -> !l.isBlank(), 30);
            assertEquals(List.of("PID", "TPID", "SIG", "RETVAL", "COMM", "CGROUP_ID"), Arrays.asList(header.trim().split("\\s+")));
            r.awaitStderr(l -> l.contains("attached"), 30);
            kill("USR2", child.pid());          // succeeds: filtered out
            kill("USR1", NO_SUCH_PID);          // fails, but SIGUSR1: filtered out
            long sender = kill("USR2", NO_SUCH_PID);
            String row = r.awaitLine(l -> l.startsWith(sender + " "), 10);
            assertEquals(List.of(Long.toString(sender), Long.toString(NO_SUCH_PID), "SIGUSR2", "-ESRCH", "kill",
                    Long.toString(TestCgroup.own())),
                    Arrays.asList(row.trim().split("\\s+")));
            assertEquals(0, r.signal("TERM"), "stderr: " + r.stderr);
            for (String line : r.allStdout) {
                assertTrue(line.equals(header) || line.contains("SIGUSR2 ") && line.contains("-E"),
                        "only failed SIGUSR2s pass the kernel filter: " + line);
                assertTrue(!line.contains(" " + child.pid() + " "), line);
            }
        } finally {
            child.destroyForcibly();
        }
    }

    static List<String> names(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
