package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/profile: a perf_event program on every CPU's cpu-clock at the frequency given with
 * -F, stack ids resolved to frames. The test profiles a dd copying /dev/zero (busy in the
 * kernel's read path) and checks the process, the sample count the frequency implies, the
 * order, and kernel frames named as /proc/kallsyms names them.
 */
@Tag("bpf")
class ProfileExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/profile").toString();
    }

    private static Process busyInTheKernel() throws Exception {
        return new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=64k", "count=100000000")
                .redirectErrorStream(true).start();
    }

    /** utime + stime of a process in clock ticks (USER_HZ, 100 on Linux). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static Set<String> kallsyms() throws Exception {
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3) {
                names.add(f[2]);
            }
        }
        return names;
    }

    @Test
    void jsonNamesTheKernelFramesOfABusyDd() throws Exception {
        RunnerProcess.requireBpf();
        Process dd = busyInTheKernel();
        long cpuBefore = cpuTicks(dd.pid());
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json", "--pid", Long.toString(dd.pid()),
                "-F", "499", "--duration", "1.5")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            double cpuSeconds = (cpuTicks(dd.pid()) - cpuBefore) / 100.0;
            List<String> out = r.allStdout;
            assertTrue(!out.isEmpty() && out.size() <= 20, "top 20: " + out.size());
            Set<String> symbols = kallsyms();
            long total = 0;
            long previous = Long.MAX_VALUE;
            boolean readPath = false;
            for (String line : out) {
                JsonNode row = JSON.readTree(line);
                assertEquals(List.of("_map", "pid", "user_stack_id", "kern_stack_id", "comm", "hits",
                        "kern_stack_id_frames", "user_stack_id_frames"), SigsnoopExampleTest.names(row));
                assertEquals(dd.pid(), row.get("pid").asLong());
                assertEquals("dd", row.get("comm").asText());
                long hits = row.get("hits").asLong();
                assertTrue(hits <= previous, "sorted by hits: " + out);
                previous = hits;
                total += hits;
                List<String> kernel = new ArrayList<>();
                row.get("kern_stack_id_frames").forEach(f -> kernel.add(f.asText()));
                assertEquals(row.get("kern_stack_id").asInt() < 0, kernel.isEmpty(), line);
                for (String frame : kernel) {
                    assertTrue(frame.matches("[A-Za-z_][\\w.]*(\\+0x[0-9a-f]+)?"), frame);
                    assertTrue(symbols.contains(frame.replaceAll("\\+0x[0-9a-f]+$", "")), frame + " is in kallsyms");
                }
                readPath |= kernel.stream().anyMatch(f -> f.startsWith("vfs_read+") || f.startsWith("ksys_read+"));
                // dd's user frames: names from libc's and dd's symbols, or [unknown] (never an address)
                row.get("user_stack_id_frames").forEach(f -> assertTrue(f.asText().matches("[\\w.@]+|\\[unknown]"),
                        line));
            }
            assertTrue(readPath, "dd spends its time reading /dev/zero: " + out);
            // cpu-clock samples dd only while it runs: ~499 per second of dd's CPU time at -F 499,
            // at most 49 at the default. dd's CPU time is counted from before the runner started
            // (so also before the attach), and a busy host gives dd less of it: per CPU second,
            // not per wall second, and well below 499.
            double rate = total / Math.max(cpuSeconds, 0.01);
            assertTrue(cpuSeconds >= 0.2 && rate >= 120,
                    "-F 499 sets the sampling frequency: " + total + " samples in " + cpuSeconds + " s of dd's CPU");
        } finally {
            dd.destroyForcibly();
        }
    }

    @Test
    void tablePrintsFramesUnderEachRow() throws Exception {
        RunnerProcess.requireBpf();
        Process dd = busyInTheKernel();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--pid", Long.toString(dd.pid()), "--duration", "1")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            List<String> out = r.allStdout;
            assertEquals(List.of("", "stack_counts:"), out.subList(0, 2), out.toString());
            assertEquals("PID COMM HITS", out.get(2).trim().replaceAll("\\s+", " "));
            assertTrue(out.get(3).matches(dd.pid() + " +dd +\\d+"), out.toString());
            for (String line : out.subList(4, out.size())) {
                assertTrue(line.matches(dd.pid() + " +dd +\\d+")
                        || line.matches("    (--|[\\w.@]+(\\+0x[0-9a-f]+)?|\\[unknown])"), line);
            }
        } finally {
            dd.destroyForcibly();
        }
    }
}
