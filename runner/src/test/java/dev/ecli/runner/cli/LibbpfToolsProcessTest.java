package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packages/libbpf-tools exitsnoop, sigsnoop, execsnoop, javagc and bashreadline, run from the objects Debian's
 * binaries embed, against the C tools themselves on the same processes, signals and collections:
 * each sees the test's own events exactly once, with the same pids and values.
 */
@Tag("bpf")
class LibbpfToolsProcessTest {
    /** Above any pid_max: kill() fails with ESRCH. */
    private static final long NO_SUCH_PID = 99_999_999L;

    @Test
    void exitsnoopSeesExitCodesAndSignalsAsTheCToolDoes() throws Exception {
        try (LibbpfTool t = LibbpfTool.start("exitsnoop", List.of(), List.of(), "EXIT_CODE")) {
            long exited = LibbpfTool.run("sh", "-c", "exit 7");
            long napped = LibbpfTool.run("sleep", "0.3");
            Process sleeper = new ProcessBuilder("sleep", "30").start();
            sleeper.destroyForcibly();
            sleeper.waitFor(5, TimeUnit.SECONDS);
            List<JsonNode> ours = t.stop(500);

            List<JsonNode> mine = ours.stream().filter(e -> e.get("pid").asLong() == exited).toList();
            assertEquals(1, mine.size(), "one exit of " + exited + ": " + ours);
            assertEquals("sh", mine.getFirst().get("comm").asText());
            assertEquals(ProcessHandle.current().pid(), mine.getFirst().get("ppid").asLong());
            assertEquals(7, mine.getFirst().get("exit_code").asInt());
            assertEquals(0, mine.getFirst().get("sig").asInt());
            List<JsonNode> killed = ours.stream().filter(e -> e.get("pid").asLong() == sleeper.pid()).toList();
            assertEquals(1, killed.size(), ours.toString());
            assertEquals(9, killed.getFirst().get("sig").asInt() & 0x7f, "SIGKILL");
            // AGE: exit_time - start_time, computed by the manifest as the C tool computes it
            JsonNode nap = ours.stream().filter(e -> e.get("pid").asLong() == napped).findFirst().orElseThrow();
            double age = nap.get("age_s").asDouble();
            assertTrue(age >= 0.29 && age < 2, "a child that slept 0.3 s: " + nap);

            List<List<String>> rows = t.theirRows();
            List<List<String>> theirExit = rows.stream().filter(r -> r.size() > 1 && r.get(1).equals(
                    Long.toString(exited))).toList();
            assertEquals(1, theirExit.size(), t.theirLines().toString());
            assertEquals(List.of("sh", Long.toString(exited), Long.toString(ProcessHandle.current().pid()),
                    Long.toString(exited)), theirExit.getFirst().subList(0, 4));
            assertEquals(List.of("code", "7"), theirExit.getFirst().subList(5, 7));
            List<List<String>> theirKill = rows.stream().filter(r -> r.size() > 1 && r.get(1).equals(
                    Long.toString(sleeper.pid()))).toList();
            assertEquals(1, theirKill.size(), t.theirLines().toString());
            assertEquals(List.of("signal", "9"), theirKill.getFirst().subList(5, 7));
            // PCOMM PID PPID TID AGE(s) ...
            List<List<String>> theirNap = rows.stream().filter(r -> r.size() > 4 && r.get(1).equals(
                    Long.toString(napped))).toList();
            assertEquals(1, theirNap.size(), t.theirLines().toString());
            assertEquals(Double.parseDouble(theirNap.getFirst().get(4)), age, 0.011, "the C tool's AGE(s)");
        }
    }

    @Test
    void sigsnoopSeesEachSignalOnceWithOrWithoutKillOnly() throws Exception {
        for (boolean killOnly : new boolean[] {false, true}) {
            List<String> opts = killOnly ? List.of("-k") : List.of();
            List<String> ourOpts = new java.util.ArrayList<>(opts);
            ourOpts.add("--text");
            Process child = new ProcessBuilder("sleep", "30").start();
            try (LibbpfTool t = LibbpfTool.start("sigsnoop", ourOpts, opts, "TPID")) {
                long sender = LibbpfTool.run("/bin/kill", "-USR1", Long.toString(child.pid()));
                long failed = LibbpfTool.run("/bin/kill", "-USR2", Long.toString(NO_SUCH_PID));
                List<JsonNode> ours = t.stop(500);

                List<JsonNode> sent = ours.stream().filter(e -> e.get("tpid").asLong() == child.pid()
                        && e.get("sig").asInt() == 10).toList();
                assertEquals(1, sent.size(), "-k " + killOnly + ": one SIGUSR1, not one per program: " + ours);
                assertEquals(sender, sent.getFirst().get("pid").asLong());
                assertEquals("kill", sent.getFirst().get("comm").asText());
                assertEquals(0, sent.getFirst().get("ret").asInt());
                assertEquals("SIGUSR1", sent.getFirst().get("sig_text").asText());
                // A kill that fails generates no signal: only the syscall tracepoints (-k) see it.
                List<JsonNode> refused = ours.stream().filter(e -> e.get("tpid").asLong() == NO_SUCH_PID).toList();
                assertEquals(killOnly ? 1 : 0, refused.size(), ours.toString());
                if (killOnly) {
                    assertEquals(failed, refused.getFirst().get("pid").asLong());
                    assertEquals(-3, refused.getFirst().get("ret").asInt());
                    assertEquals("-ESRCH", refused.getFirst().get("ret_text").asText());
                }

                // TIME PID COMM SIG TPID RESULT
                List<List<String>> theirs = t.theirRows().stream().filter(r -> r.size() == 6).toList();
                List<List<String>> theirSent = theirs.stream().filter(r -> r.get(4).equals(Long.toString(child.pid()))
                        && r.get(3).equals("10")).toList();
                assertEquals(1, theirSent.size(), t.theirLines().toString());
                assertEquals(List.of(Long.toString(sender), "kill", "10", Long.toString(child.pid()), "0"),
                        theirSent.getFirst().subList(1, 6));
                assertEquals(killOnly ? 1 : 0, theirs.stream().filter(r -> r.get(4).equals(Long.toString(NO_SUCH_PID)))
                        .count(), t.theirLines().toString());
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void execsnoopSeesArgvAndFailedExecsAsTheCToolDoes() throws Exception {
        try (LibbpfTool t = LibbpfTool.start("execsnoop", List.of("--ignore-failed", "false", "--text"), List.of("-x"),
                "PCOMM")) {
            long echo = LibbpfTool.run("/bin/echo", "ecli-marker", "second");
            long sh = LibbpfTool.run("sh", "-c", "exec /nonexistent-ecli-25 a b");
            List<JsonNode> ours = t.stop(500);

            // Java starts children through jspawnhelper, which execs the command: one more exec per pid.
            List<JsonNode> echoes = ours.stream().filter(e -> e.get("pid").asLong() == echo
                    && e.get("comm").asText().equals("echo")).toList();
            assertEquals(1, echoes.size(), ours.toString());
            JsonNode e = echoes.getFirst();
            assertEquals("echo", e.get("comm").asText());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals(0, e.get("retval").asInt());
            assertEquals(3, e.get("args_count").asInt());
            assertEquals("/bin/echo ecli-marker second ".length(), e.get("args_size").asInt(), "each with its NUL");
            assertEquals("/bin/echo ecli-marker second", e.get("args").asText(), "the argv list, joined");
            // jspawnhelper's own failed execs along PATH come first; sh's is the one that matters
            List<JsonNode> failed = ours.stream().filter(x -> x.get("pid").asLong() == sh
                    && x.get("comm").asText().equals("sh") && x.get("retval").asInt() != 0).toList();
            assertEquals(1, failed.size(), ours.toString());
            assertEquals(-2, failed.getFirst().get("retval").asInt());
            assertEquals("-ENOENT", failed.getFirst().get("retval_text").asText());
            assertEquals("/nonexistent-ecli-25 a b", failed.getFirst().get("args").asText());

            // PCOMM PID PPID RET ARGS
            List<List<String>> theirs = t.theirRows();
            assertEquals(List.of(List.of("echo", Long.toString(echo), Long.toString(ProcessHandle.current().pid()),
                    "0", "/bin/echo", "ecli-marker", "second")),
                    theirs.stream().filter(r -> r.size() > 1 && r.get(1).equals(Long.toString(echo))
                            && r.get(0).equals("echo")).toList());
            assertEquals(List.of(List.of("sh", Long.toString(sh), Long.toString(ProcessHandle.current().pid()),
                    "-2", "/nonexistent-ecli-25", "a", "b")),
                    theirs.stream().filter(r -> r.size() > 3 && r.get(1).equals(Long.toString(sh))
                            && r.get(0).equals("sh") && !r.get(3).equals("0")).toList());
        }
    }

    @Test
    void javagcSeesAJvmsCollectionsAsTheCToolDoes(@TempDir Path tmp) throws Exception {
        Path go = tmp.resolve("go");
        Path source = Files.writeString(tmp.resolve("Collect.java"), """
                import java.nio.file.*;
                public class Collect {
                    public static void main(String[] a) throws Exception {
                        while (!Files.exists(Path.of(a[0]))) Thread.sleep(20);
                        for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(100); }
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, source.toString(), go.toString()).start();
        String pid = Long.toString(jvm.pid());
        Path libjvm = Path.of(java).getParent().getParent().resolve("lib/server/libjvm.so");
        try (LibbpfTool t = LibbpfTool.start("javagc", List.of("--pid", pid, "--libjvm", libjvm.toString()),
                List.of("-p", pid), "GC TIME")) {
            Files.writeString(go, "");
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            List<JsonNode> ours = t.stop(500);

            assertTrue(ours.size() >= 3, "a collection per System.gc() at least: " + ours);
            ours.forEach(e -> assertEquals(jvm.pid(), e.get("pid").asLong()));
            // TIME CPU PID GC TIME(us)
            List<List<String>> theirs = t.theirRows().stream().filter(r -> r.size() == 4 && r.get(2).equals(pid))
                    .toList();
            // The JVM may collect while it compiles the source, before both tools are attached: the
            // collections after "go" end both lists, one for one.
            assertTrue(theirs.size() >= ours.size(), "C: " + t.theirLines() + "; ours: " + ours);
            List<List<String>> tail = theirs.subList(theirs.size() - ours.size(), theirs.size());
            for (int i = 0; i < ours.size(); i++) {
                // Each tool's programs take their own timestamps around the same probes: microseconds apart.
                long theirUs = Long.parseLong(tail.get(i).get(3));
                long ourUs = ours.get(i).get("ts").asLong() / 1000;
                assertTrue(Math.abs(theirUs - ourUs) <= Math.max(500, theirUs / 20),
                        "the same pause, in us: C " + tail + "; ours " + ours);
            }
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void bashreadlineSeesTheLinesAnInteractiveBashReadsAsTheCToolDoes() throws Exception {
        try (LibbpfTool t = LibbpfTool.start("bashreadline", List.of(), List.of(), "COMMAND")) {
            // script(1) gives bash a terminal, so it reads its input with readline()
            Process bash = new ProcessBuilder("script", "-qfc", "bash --norc -i", "/dev/null").start();
            bash.getOutputStream().write("echo ecli-marker-25\nexit\n".getBytes());
            bash.getOutputStream().close();
            bash.getInputStream().readAllBytes();
            assertTrue(bash.waitFor(10, TimeUnit.SECONDS));
            List<JsonNode> ours = t.stop(500);

            List<JsonNode> lines = ours.stream().filter(e -> e.get("str").asText().equals("echo ecli-marker-25"))
                    .toList();
            assertEquals(1, lines.size(), ours.toString());
            long pid = lines.getFirst().get("pid").asLong();
            assertEquals(1, ours.stream().filter(e -> e.get("pid").asLong() == pid
                    && e.get("str").asText().equals("exit")).count(), ours.toString());
            // TIME PID COMMAND
            assertEquals(List.of(List.of(Long.toString(pid), "echo", "ecli-marker-25")), t.theirRows().stream()
                    .filter(r -> r.size() == 4 && r.get(3).equals("ecli-marker-25")).map(r -> r.subList(1, 4)).toList(),
                    t.theirLines().toString());
        }
    }
}
