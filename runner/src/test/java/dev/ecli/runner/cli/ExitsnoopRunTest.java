package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end on the seed package: a child the test starts exits with code 7 and must appear
 * with its exact pid, our pid as parent, exit code 7, its comm, and a plausible lifetime.
 */
@Tag("bpf")
class ExitsnoopRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A child that lives about 200 ms and exits with 7; returns {pid, lifetime lower/upper bounds ns}. */
    private static long[] exitSeven() throws Exception {
        long before = System.nanoTime();
        Process child = new ProcessBuilder("sh", "-c", "sleep 0.2; exit 7").start();
        assertEquals(7, child.waitFor());
        long after = System.nanoTime();
        return new long[] {child.pid(), 200_000_000L, after - before};
    }

    @Test
    void jsonShowsTheChildsExactExit() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long[] child = exitSeven();
            String line = r.awaitLine(l -> l.contains("\"pid\":" + child[0] + ","), 10);
            JsonNode e = JSON.readTree(line);
            assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "tid", "sig", "core_dumped",
                "cgroup_id"),
                    fieldNames(e));
            assertEquals(child[0], e.get("tid").asLong());
            assertEquals(TestCgroup.own(), e.get("cgroup_id").asLong());
            assertEquals(0, e.get("sig").asInt());
            assertEquals(false, e.get("core_dumped").asBoolean());
            assertEquals(child[0], e.get("pid").asLong());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals(7, e.get("exit_code").asInt());
            assertEquals("sh", e.get("comm").asText());
            long duration = e.get("duration_ns").asLong();
            assertTrue(duration >= child[1] && duration <= child[2],
                    "duration_ns " + duration + " outside [" + child[1] + ", " + child[2] + "]");
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            assertTrue(r.stderr.stream().anyMatch(l -> l.matches("ecli-java: \\d+ events? in .*")), r.stderr.toString());
        }
    }

    @Test
    void tableShowsTheChildsExactExit() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop/package.yaml").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg)) {
            String header = r.awaitLine(l -> !l.isBlank(), 30);
            assertEquals(List.of("PID", "PPID", "EXIT_CODE", "DURATION", "COMM", "TID", "SIG", "CORE_DUMPED",
                            "CGROUP_ID"),
                    Arrays.asList(header.trim().split("\\s+")));
            r.awaitStderr(l -> l.contains("attached"), 30);
            long[] child = exitSeven();
            String row = r.awaitLine(l -> l.startsWith(child[0] + " "), 10);
            String[] cells = row.trim().split("\\s+");
            assertEquals(9, cells.length, row);
            assertEquals(ProcessHandle.current().pid(), Long.parseLong(cells[1]));
            assertEquals("7", cells[2]);
            // The manifest formats duration_ns for people: "201.53ms".
            assertTrue(cells[3].matches("\\d+\\.\\d\\dms"), row);
            double ms = Double.parseDouble(cells[3].replace("ms", ""));
            assertTrue(ms >= child[1] / 1e6 && ms <= child[2] / 1e6 + 0.01, row);
            assertEquals("sh", cells[4]);
            assertEquals(String.valueOf(child[0]), cells[5]);
            assertEquals("0", cells[6]);
            assertEquals("false", cells[7]);
            assertEquals(String.valueOf(TestCgroup.own()), cells[8]);
            // Columns line up with the header.
            assertEquals(header.indexOf("PPID"), row.indexOf(cells[1], cells[0].length()));
            assertEquals(0, r.signal("TERM"), "stderr: " + r.stderr);
        }
    }

    @Test
    void maxEventsStopsTheRun() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json", "--max-events", "2")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int i = 0; i < 3; i++) {
                exitSeven();
            }
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(2, r.stdout.size(), r.stdout.toString());
        }
    }

    @Test
    void quittingTheReaderOfThePipeEndsTheRun() throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        // `head -1` quits after the first event; the runner must notice and exit 0, quietly.
        String script = "'" + javaBin + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
                + "' " + Main.class.getName() + " run '" + pkg + "' -o json 2>$ERR | head -1;"
                + " echo \"status=${PIPESTATUS[0]}\"";
        Path err = Files.createTempFile("ecli", ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().put("ERR", err.toString());
        Process pipeline = pb.start();
        // Keep processes exiting until the runner is attached and head has its line.
        boolean done = false;
        for (int i = 0; i < 200 && !done; i++) {
            new ProcessBuilder("true").start().waitFor();
            done = pipeline.waitFor(100, TimeUnit.MILLISECONDS);
        }
        assertTrue(done, "pipeline still running; stderr: " + Files.readString(err));
        List<String> out = new String(pipeline.getInputStream().readAllBytes()).lines().toList();
        assertEquals(2, out.size(), out.toString());
        JSON.readTree(out.get(0));
        assertEquals("status=0", out.get(1), Files.readString(err));
        String stderr = Files.readString(err);
        assertTrue(!stderr.contains("Exception"), stderr);
        Files.deleteIfExists(err);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
