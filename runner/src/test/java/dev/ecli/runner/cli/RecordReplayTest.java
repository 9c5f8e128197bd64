package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run --record and replay: a recording taken while the same run prints JSON replays to exactly
 * the lines that run printed; a recording of an eunomia package.json replays once the package
 * is gone; a cut recording replays what is whole and says where it was cut; rotation by age.
 */
@Tag("bpf")
class RecordReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Children exiting with 7, 8 and 9, in that order; their pids. */
    private static long[] exits() throws Exception {
        long[] pids = new long[3];
        for (int i = 0; i < 3; i++) {
            Process child = new ProcessBuilder("sh", "-c", "exit " + (7 + i)).start();
            assertEquals(7 + i, child.waitFor());
            pids[i] = child.pid();
        }
        return pids;
    }

    /** Runs {@code PKG -o json --record FILE} while the children exit; returns the run's stdout lines. */
    private static List<String> recordWhileExiting(String pkg, Path file, long[] pids, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", pkg, "-o", "json", "--record", file.toString()));
        args.addAll(List.of(more));
        try (RunnerProcess r = RunnerProcess.start(args.toArray(String[]::new))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long[] got = exits();
            System.arraycopy(got, 0, pids, 0, 3);
            r.awaitLine(l -> l.contains("\"pid\":" + pids[2] + ","), 10);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            assertTrue(r.stderr.stream().anyMatch(l -> l.startsWith("ecli-java: recorded ")), "stderr: " + r.stderr);
            return new ArrayList<>(r.allStdout);
        }
    }

    private static void assertExits(List<String> lines, long[] pids) throws Exception {
        for (int i = 0; i < 3; i++) {
            String prefix = "{\"pid\":" + pids[i] + ",";
            JsonNode e = JSON.readTree(lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
                    () -> new AssertionError("no exit of " + prefix + " in " + lines)));
            assertEquals(7 + i, e.get("exit_code").asInt());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals("sh", e.get("comm").asText());
        }
    }

    private static RunnerProcess replay(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("replay"));
        a.addAll(List.of(args));
        return RunnerProcess.start(a.toArray(String[]::new));
    }

    @Test
    void replayPrintsExactlyWhatTheLiveRunPrinted() throws Exception {
        RunnerProcess.requireBpf();
        Path file = tmp.resolve("exits.rec");
        long[] pids = new long[3];
        List<String> live = recordWhileExiting(RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(),
                file, pids);
        assertExits(live, pids);
        try (RunnerProcess r = replay(file.toString(), "-o", "json")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(live, r.allStdout);
        }
        // Other filters, fields and formats than the live run's.
        try (RunnerProcess r = replay(file.toString(), "-o", "json", "--filter", "pid==" + pids[1],
                "--fields", "exit_code,comm")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(List.of("{\"exit_code\":8,\"comm\":\"sh\"}"), r.allStdout);
        }
        try (RunnerProcess r = replay(file.toString(), "--filter", "pid==" + pids[2], "--speed", "1")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals("PID PPID EXIT_CODE DURATION COMM TID SIG CORE_DUMPED CGROUP_ID",
                    r.allStdout.getFirst().trim().replaceAll("\\s+", " "));
            String[] cells = r.allStdout.get(1).trim().split("\\s+");
            assertEquals(List.of(String.valueOf(pids[2]), String.valueOf(ProcessHandle.current().pid()), "9"),
                    List.of(cells[0], cells[1], cells[2]));
        }
        try (RunnerProcess r = RunnerProcess.start("inspect", file.toString(), "-o", "json")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            JsonNode report = JSON.readTree(String.join("\n", r.allStdout));
            assertEquals("exitsnoop", report.get("package").asText());
            assertEquals(live.size(), report.get("records").asInt());
            assertEquals("interrupt", report.get("end").get("stopped").asText());
            assertTrue(report.get("cut").isNull());
        }
    }

    @Test
    void anEunomiaPackageReplaysAfterItIsDeleted() throws Exception {
        RunnerProcess.requireBpf();
        Path dir = Files.createDirectories(tmp.resolve("eunomia"));
        Path pkg = dir.resolve("package.json");
        byte[] elf = Files.readAllBytes(RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o"));
        Files.writeString(pkg, JSON.writeValueAsString(EunomiaRunTest.eunomiaPackage(elf, "exitsnoop", "event")));
        Path file = tmp.resolve("eunomia.rec");
        long[] pids = new long[3];
        List<String> live = recordWhileExiting(pkg.toString(), file, pids);
        Files.delete(pkg);
        Files.delete(dir);
        try (RunnerProcess r = replay(file.toString(), "-o", "json")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(live, r.allStdout);
            assertExits(r.allStdout, pids);
        }
    }

    @Test
    void aCutRecordingReplaysWhatIsWholeAndSaysWhereItWasCut() throws Exception {
        RunnerProcess.requireBpf();
        Path file = tmp.resolve("exits.rec");
        long[] pids = new long[3];
        List<String> live = recordWhileExiting(RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(),
                file, pids, "--record-compress", "lz4");
        byte[] all = Files.readAllBytes(file);
        // Cut inside the end frame: every record is whole.
        Path cut = Files.write(tmp.resolve("cut.rec"), java.util.Arrays.copyOf(all, all.length - 3));
        try (RunnerProcess r = replay(cut.toString(), "-o", "json")) {
            assertEquals(ExitCodes.PACKAGE, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(live, r.allStdout);
            assertTrue(r.stderr.stream().anyMatch(l -> l.startsWith("ecli-java: " + cut + ": ")
                    && l.contains("cut at byte " + (all.length - 3))), "stderr: " + r.stderr);
            assertTrue(r.stderr.stream().noneMatch(l -> l.contains("Exception")), "stderr: " + r.stderr);
        }
    }

    @Test
    void rotationByAgeGivesFilesThatEachStandAlone() throws Exception {
        RunnerProcess.requireBpf();
        Path file = tmp.resolve("rot.rec");
        String pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
        long[] pids = new long[3];
        List<String> live;
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json", "--record", file.toString(),
                "--record-max", "1s", "--filter", "comm==sh")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int i = 0; i < 3; i++) {
                Process child = new ProcessBuilder("sh", "-c", "exit " + (7 + i)).start();
                assertEquals(7 + i, child.waitFor());
                pids[i] = child.pid();
                r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10);
                Thread.sleep(1300);
            }
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            live = new ArrayList<>(r.allStdout);
        }
        List<String> files = new ArrayList<>(List.of(file.toString()));
        for (int i = 1; Files.exists(Path.of(file + "." + i)); i++) {
            files.add(file + "." + i);
        }
        assertTrue(files.size() >= 3, "files: " + files);
        files.add("--filter");
        files.add("comm==sh");
        files.add("-o");
        files.add("json");
        try (RunnerProcess r = replay(files.toArray(String[]::new))) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(live, r.allStdout);
        }
        // As a table: one header for the whole set, a row per event.
        List<String> table = new ArrayList<>(files.subList(0, files.size() - 2));
        try (RunnerProcess r = replay(table.toArray(String[]::new))) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(1, r.allStdout.stream().filter(l -> l.startsWith("PID ")).count(), "table: " + r.allStdout);
            assertEquals(live.size() + 1, r.allStdout.size(), "table: " + r.allStdout);
        }
        // The last file alone: its own header, only its records.
        try (RunnerProcess r = replay(files.get(files.size() - 5), "-o", "json", "--filter", "comm==sh")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            assertTrue(live.containsAll(r.allStdout) && r.allStdout.size() < live.size(), "last: " + r.allStdout);
        }
    }
}
