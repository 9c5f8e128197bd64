package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ecli-java new}: each template goes from {@code new} through {@code build} to {@code run}
 * with no editing, and shows what the test caused: an exec, sleeps in their log2 bucket, a busy
 * loop's stacks, a failed exit picked out by an enum param. Also the one-line refusals.
 */
class NewTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {}

    static Outcome cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** {@code new NAME --template T --dir DIR} then {@code build DIR}, both succeeding. */
    private Path scaffoldAndBuild(String name, String template) throws Exception {
        Path dir = tmp.resolve(name);
        Outcome n = cli("new", name, "--template", template, "--dir", dir.toString());
        assertEquals(0, n.code(), n.err());
        assertTrue(Files.isRegularFile(dir.resolve(name + ".bpf.c")) && Files.isRegularFile(dir.resolve(name + ".h")),
                n.out());
        assertTrue(Files.readString(dir.resolve(name + ".bpf.c")).contains("#include \"ecli.bpf.h\""));
        BuildCommandTest.Outcome b = BuildCommandTest.build(dir);
        assertEquals(0, b.code(), "build: " + b.out() + b.err());
        assertTrue(Files.isRegularFile(dir.resolve(name + ".bpf.o")), b.out());
        return dir;
    }

    private static void awaitAttached(RunnerProcess r) throws InterruptedException {
        r.awaitStderr(l -> l.contains("attached"), 60);
    }

    private static Process run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        return p;
    }

    private static List<JsonNode> rows(RunnerProcess r) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : List.copyOf(r.allStdout)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void refusesAFolderThatIsNotEmptyABadNameAndAnUnknownTemplate() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Outcome taken = cli("new", "taken", "--dir", dir.toString());
        assertEquals(2, taken.code());
        assertEquals(1, taken.err().strip().lines().count(), taken.err());
        assertTrue(taken.err().contains("already exists and is not empty"), taken.err());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
        assertEquals(List.of(dir.resolve("notes.txt")), Files.list(dir).toList());

        Outcome name = cli("new", "9lives", "--dir", tmp.resolve("x").toString());
        assertEquals(2, name.code());
        assertEquals("ecli-java: package name '9lives' must be a C identifier (a letter, then letters, digits or _;"
                + " at most 64)", name.err().strip());
        assertFalse(Files.exists(tmp.resolve("x")));

        Outcome template = cli("new", "ok", "--template", "pie", "--dir", tmp.resolve("y").toString());
        assertEquals(2, template.code());
        assertEquals("ecli-java: unknown template 'pie'; choose one of events, histogram, stacks, params",
                template.err().strip());

        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Outcome onFile = cli("new", "afile", "--dir", file.toString());
        assertEquals(2, onFile.code());
        assertEquals("ecli-java: " + file + " is a file; choose another name or --dir", onFile.err().strip());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, cli("new", "empty", "--dir", empty.toString()).code(), "an empty folder is fine");
    }

    @Test
    @Tag("bpf")
    void eventsShowsAnExecTheTestCauses() throws Exception {
        RunnerProcess.requireBpf();
        Path dir = scaffoldAndBuild("execs", "events");
        String manifest = Files.readString(dir.resolve("package.yaml"));
        assertTrue(manifest.contains("  - map: events\n    struct: event\n"), manifest);
        try (RunnerProcess r = RunnerProcess.start("run", dir.toString(), "-o", "json", "--duration", "30")) {
            awaitAttached(r);
            Process p = run("/bin/true");
            // The JVM execs its spawn helper first, which then execs the command in the same process.
            String line = r.awaitLine(l -> l.contains("\"pid\":" + p.pid() + ",") && l.contains("\"filename\":\"/bin/"),
                    20);
            JsonNode row = JSON.readTree(line);
            assertEquals(List.of("pid", "comm", "filename"), SigsnoopExampleTest.names(row));
            assertEquals("true", row.get("comm").asText());
            assertEquals("/bin/true", row.get("filename").asText());
        }
    }

    @Test
    @Tag("bpf")
    void histogramCountsSleepsInTheirLog2Bucket() throws Exception {
        RunnerProcess.requireBpf();
        Path dir = scaffoldAndBuild("sleeps", "histogram");
        String manifest = Files.readString(dir.resolve("package.yaml"));
        assertTrue(manifest.contains("maps:\n  hists:\n"), manifest);
        assertTrue(manifest.contains("    histogram:\n      field: slots\n      kind: log2\n"), manifest);
        assertFalse(manifest.contains("  start:"), "a map of timestamps is working state: " + manifest);
        try (RunnerProcess r = RunnerProcess.start("run", dir.toString(), "-o", "json", "--duration", "4")) {
            awaitAttached(r);
            for (int i = 0; i < 3; i++) {
                run("sleep", "0.3");
            }
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            List<JsonNode> rows = rows(r);
            assertEquals(1, rows.size(), "one histogram: " + r.allStdout);
            JsonNode h = rows.getFirst();
            assertEquals("hists", h.get("_map").asText());
            long inBucket = -1;
            long total = 0;
            for (JsonNode b : h.get("buckets")) {
                total += b.get("count").asLong();
                // 300 ms = 300000 us lies in 2^18 .. 2^19-1.
                if (b.get("low").asLong() == 1L << 18) {
                    assertEquals((1L << 19) - 1, b.get("high").asLong());
                    inBucket = b.get("count").asLong();
                }
            }
            assertTrue(inBucket >= 3, "three 0.3 s sleeps in 262144 -> 524287: " + h);
            assertEquals(h.get("total").asLong(), total);
        }
    }

    @Test
    @Tag("bpf")
    void stacksSampleABusyLoop() throws Exception {
        RunnerProcess.requireBpf();
        Path dir = scaffoldAndBuild("hot", "stacks");
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try (RunnerProcess r = RunnerProcess.start("run", dir.toString(), "-o", "json", "--duration", "2")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            long hits = 0;
            boolean userFrames = false;
            for (JsonNode row : rows(r)) {
                assertEquals("stack_counts", row.get("_map").asText());
                if (row.get("pid").asLong() == busy.pid()) {
                    assertEquals("sh", row.get("comm").asText());
                    hits += row.get("hits").asLong();
                    userFrames |= !row.get("user_stack_id_frames").isEmpty();
                }
            }
            // 99 samples a second for ~2 s of a loop that keeps one CPU busy (2 CPUs, shared).
            assertTrue(hits >= 20, "the busy shell's samples: " + hits + " in " + r.allStdout);
            assertTrue(userFrames, "its user frames are shown: " + r.allStdout);
        } finally {
            busy.destroyForcibly();
        }
    }

    @Test
    @Tag("bpf")
    void paramsPickFailedExitsByAnEnumAndAProcess() throws Exception {
        RunnerProcess.requireBpf();
        Path dir = scaffoldAndBuild("exits", "params");
        String manifest = Files.readString(dir.resolve("package.yaml"));
        assertTrue(manifest.contains("  which:\n    description: \"Which exits to report"), manifest);
        try (RunnerProcess r = RunnerProcess.start("run", dir.toString(), "-o", "json", "--which", "failed",
                "--duration", "30")) {
            awaitAttached(r);
            Process ok = run("/bin/true");
            Process failed = run("sh", "-c", "exit 3");
            String line = r.awaitLine(l -> l.contains("\"pid\":" + failed.pid() + ","), 20);
            JsonNode row = JSON.readTree(line);
            assertEquals(List.of("pid", "ppid", "exit_code", "sig", "comm"), SigsnoopExampleTest.names(row));
            assertEquals(3, row.get("exit_code").asInt());
            assertEquals(0, row.get("sig").asInt());
            assertEquals(ProcessHandle.current().pid(), row.get("ppid").asLong());
            assertFalse(r.allStdout.stream().anyMatch(l -> l.contains("\"pid\":" + ok.pid() + ",")),
                    "exit 0 is left out: " + r.allStdout);
        }
        // --targ-pid: only the named process's exit, here one killed by a signal.
        Process victim = new ProcessBuilder("sleep", "30").start();
        try (RunnerProcess r = RunnerProcess.start("run", dir.toString(), "-o", "json", "--targ-pid",
                Long.toString(victim.pid()), "--duration", "30")) {
            awaitAttached(r);
            run("sh", "-c", "exit 4");
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            JsonNode row = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":"), 20));
            assertEquals(victim.pid(), row.get("pid").asLong());
            assertEquals(9, row.get("sig").asInt());
            assertEquals(1, r.allStdout.size(), r.allStdout.toString());
        }
    }
}
