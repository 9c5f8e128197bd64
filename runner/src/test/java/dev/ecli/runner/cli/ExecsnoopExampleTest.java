package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/execsnoop: an exec the test makes, with a unique argument, comes out with its pid,
 * parent, user, result, new command and every argument; an exec of a path that does not exist
 * comes out with -ENOENT, and --ignore-failed leaves it out in the kernel.
 */
@Tag("bpf")
class ExecsnoopExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/execsnoop").toString();
    }

    private static List<String> argv(JsonNode e) {
        List<String> out = new ArrayList<>();
        e.get("argv").forEach(a -> out.add(a.asText()));
        return out;
    }

    @Test
    void jsonShowsArgumentsParentAndResult() throws Exception {
        RunnerProcess.requireBpf();
        String nonce = "ecli-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process echo = new ProcessBuilder("/bin/echo", nonce, "two words").start();
            assertEquals(0, echo.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"" + nonce + "\"") && l.contains("\"echo\""), 10));
            assertEquals(List.of("pid", "ppid", "user_id", "retval", "argc", "comm", "argv", "cgroup_id"), SigsnoopExampleTest.names(e));
            assertEquals(TestCgroup.own(), e.get("cgroup_id").asLong(), "echo runs in our cgroup");
            assertEquals(echo.pid(), e.get("pid").asLong());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals(0, e.get("user_id").asLong(), "root");
            assertEquals(0, e.get("retval").asInt());
            assertEquals(3, e.get("argc").asInt());
            List<String> argv = argv(e);
            assertEquals(16, argv.size(), "argv is char[16][64]");
            assertEquals(List.of("/bin/echo", nonce, "two words"), argv.subList(0, 3));
            assertTrue(argv.subList(3, 16).stream().allMatch(String::isEmpty), argv.toString());

            Process sh = new ProcessBuilder("sh", "-c", "/nonexistent-" + nonce + "/prog a b c d; exit 0").start();
            sh.getErrorStream().readAllBytes();
            assertEquals(0, sh.waitFor());
            JsonNode failed = JSON.readTree(r.awaitLine(l -> l.contains("\"/nonexistent-" + nonce + "/prog\""), 10));
            assertEquals(-2, failed.get("retval").asInt(), "-ENOENT");
            assertEquals("sh", failed.get("comm").asText(), "a failed exec keeps its command");
            assertEquals(sh.pid(), failed.get("ppid").asLong());
            assertEquals(5, failed.get("argc").asInt());
            assertEquals(List.of("/nonexistent-" + nonce + "/prog", "a", "b", "c", "d"), argv(failed).subList(0, 5));
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }

    @Test
    void tableNamesTheUserAndErrorAndIgnoreFailedFiltersInTheKernel() throws Exception {
        RunnerProcess.requireBpf();
        String nonce = "ecli-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--ignore-failed", "--fields", "pid,user_id,retval,comm,argv")) {
            String header = r.awaitLine(l -> !l.isBlank(), 30);
            assertEquals("PID USER_ID RETVAL COMM ARGV", header.trim().replaceAll("\\s+", " "));
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process sh = new ProcessBuilder("sh", "-c", "/nonexistent-" + nonce + "/prog; /bin/true " + nonce).start();
            sh.getErrorStream().readAllBytes();
            sh.waitFor();
            String row = r.awaitLine(l -> l.contains("[/bin/true," + nonce), 10);
            assertTrue(row.matches("\\d+ +root +0 +true +\\[/bin/true," + nonce + ",+]"), row);
            assertEquals(0, r.signal("TERM"), "stderr: " + r.stderr);
            assertTrue(r.allStdout.stream().noneMatch(l -> l.contains("[/nonexistent-" + nonce)), r.allStdout.toString());
        }
    }
}
