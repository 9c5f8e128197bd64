package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * exitsnoop's libbpf-tools options, each against exits the test causes itself while other
 * processes exit too: --pid, --failed, signals and core dumps, --threaded, --cgroup.
 */
@Tag("bpf")
class ExitsnoopOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PKG = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();

    private static RunnerProcess start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", PKG, "-o", "json"));
        args.addAll(List.of(extra));
        RunnerProcess r = RunnerProcess.start(args.toArray(String[]::new));
        r.awaitStderr(l -> l.contains("attached"), 30);
        return r;
    }

    private static Process sh(String script, File dir) throws Exception {
        return new ProcessBuilder("sh", "-c", script).directory(dir).start();
    }

    /** Runs `true` a few times: exits that filters must keep out. */
    private static void noise() throws Exception {
        for (int i = 0; i < 3; i++) {
            new ProcessBuilder("true").start().waitFor();
        }
    }

    /** Stops the runner and returns every event it printed, from the first. */
    private static List<JsonNode> stop(RunnerProcess r) throws Exception {
        assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        List<JsonNode> events = new ArrayList<>();
        for (String l : List.copyOf(r.allStdout)) {
            events.add(JSON.readTree(l));
        }
        return events;
    }

    @Test
    void pidShowsOnlyThatProcess() throws Exception {
        RunnerProcess.requireBpf();
        Process target = new ProcessBuilder("sh", "-c", "read line; exit 4").start();
        try (RunnerProcess r = start("--pid", Long.toString(target.pid()))) {
            noise();
            target.getOutputStream().write('\n');
            target.getOutputStream().flush();
            assertEquals(4, target.waitFor());
            noise();
            r.awaitLine(l -> l.contains("\"pid\":" + target.pid() + ","), 10);
            List<JsonNode> events = stop(r);
            assertFalse(events.isEmpty());
            for (JsonNode e : events) {
                assertEquals(target.pid(), e.get("pid").asLong(), e.toString());
                assertEquals(4, e.get("exit_code").asInt());
            }
        }
    }

    @Test
    void failedHidesSuccessfulExits(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = start("-x")) {
            Process ok = sh("exit 0", dir.toFile());
            ok.waitFor();
            Process bad = sh("exit 3", dir.toFile());
            bad.waitFor();
            r.awaitLine(l -> l.contains("\"pid\":" + bad.pid() + ","), 10);
            List<JsonNode> events = stop(r);
            assertTrue(events.stream().noneMatch(e -> e.get("pid").asLong() == ok.pid()), events.toString());
            assertTrue(events.stream().allMatch(e -> e.get("exit_code").asInt() != 0 || e.get("sig").asInt() != 0),
                    events.toString());
        }
    }

    @Test
    void sigkillShowsSignalNine(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = start("--filter", "sig==SIGKILL", "--text")) {
            noise();
            Process killed = sh("kill -9 $$", dir.toFile());
            assertEquals(137, killed.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + killed.pid() + ","), 10));
            assertEquals(9, e.get("sig").asInt());
            assertEquals("SIGKILL", e.get("sig_text").asText());
            assertTrue(e.get("duration_ns_text").asText().matches("[0-9.]+(ns|us|ms|s)"), e.toString());
            assertEquals(0, e.get("exit_code").asInt());
            assertFalse(e.get("core_dumped").asBoolean());
            List<JsonNode> events = stop(r);
            assertTrue(events.stream().allMatch(x -> x.get("sig").asInt() == 9), events.toString());
        }
    }

    @Test
    void sigsegvWithCoreDumpInTheTable(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", PKG, "--fields", "pid,sig,core_dumped,comm")) {
            assertEquals("PID     SIG         CORE_DUMPED COMM", r.awaitLine(l -> !l.isBlank(), 30).strip());
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process segv = sh("ulimit -c unlimited; kill -SEGV $$", dir.toFile());
            assertEquals(139, segv.waitFor());
            String row = r.awaitLine(l -> l.startsWith(segv.pid() + " "), 10);
            assertEquals(List.of(String.valueOf(segv.pid()), "SIGSEGV", "true", "sh"),
                    List.of(row.trim().split("\\s+")));
            assertEquals(0, r.signal("INT"));
        }
    }

    @Test
    void threadedShowsAThreadsExit() throws Exception {
        RunnerProcess.requireBpf();
        long self = ProcessHandle.current().pid();
        try (RunnerProcess r = start("-T", "--pid", Long.toString(self), "--filter", "comm==ecli-thread-x")) {
            Thread t = new Thread(() -> { }, "ecli-thread-x");
            t.start();
            t.join();
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("ecli-thread-x"), 10));
            assertEquals(self, e.get("pid").asLong());
            assertNotEquals(self, e.get("tid").asLong());
            assertEquals("ecli-thread-x", e.get("comm").asText());
            stop(r);
        }
        // Without -T the same exit is not reported.
        try (RunnerProcess r = start("--pid", Long.toString(self), "--filter", "comm==ecli-thread-y")) {
            Thread t = new Thread(() -> { }, "ecli-thread-y");
            t.start();
            t.join();
            Thread.sleep(500);
            assertTrue(stop(r).isEmpty());
        }
    }

    @Test
    void cgroupShowsOnlyProcessesInIt(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        Path cg = TestCgroup.create("ecli-exitsnoop-" + ProcessHandle.current().pid());
        try (RunnerProcess r = start("--cgroup", cg.toString())) {
            noise();
            Process inside = sh("echo $$ > " + cg.resolve("cgroup.procs") + " && exit 6", dir.toFile());
            assertEquals(6, inside.waitFor());
            noise();
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + inside.pid() + ","), 10));
            assertEquals(6, e.get("exit_code").asInt());
            List<JsonNode> events = stop(r);
            assertTrue(events.stream().allMatch(x -> x.get("pid").asLong() == inside.pid()), events.toString());
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    @Test
    void btfFromAFileRelocatesLikeTheKernelsOwn(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        Path btf = dir.resolve("vmlinux.btf");
        Files.copy(Path.of("/sys/kernel/btf/vmlinux"), btf);
        try (RunnerProcess r = start("--btf", btf.toString())) {
            Process child = sh("exit 5", dir.toFile());
            assertEquals(5, child.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));
            assertEquals(5, e.get("exit_code").asInt());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            stop(r);
        }
    }

    @Test
    void yamlOutputIsOneDocumentPerEvent(@TempDir Path dir) throws Exception {
        RunnerProcess.requireBpf();
        Process target = new ProcessBuilder("sh", "-c", "read line; exit 5").start();
        try (RunnerProcess r = RunnerProcess.start("run", PKG, "-o", "yaml", "--pid", Long.toString(target.pid()))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            target.getOutputStream().write('\n');
            target.getOutputStream().flush();
            assertEquals(5, target.waitFor());
            r.awaitLine(l -> l.equals("pid: " + target.pid()), 10);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            String yaml = String.join("\n", List.copyOf(r.allStdout));
            com.fasterxml.jackson.databind.ObjectMapper y =
                    new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
            List<JsonNode> docs = y.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
            assertEquals(1, docs.size(), yaml);
            assertEquals(target.pid(), docs.getFirst().get("pid").asLong());
            assertEquals(5, docs.getFirst().get("exit_code").asInt());
            assertEquals("sh", docs.getFirst().get("comm").asText());
        }
    }
}
