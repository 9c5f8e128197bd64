package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packages/libbpf-tools cpudist, runqlat, offcputime and wakeuptime, run from the objects Debian's
 * binaries embed, against the C tools on a shell the test starts, each filtered on its pid: the
 * shell waits on a FIFO until both tools are attached, so each sees all of what it then does.
 * Both load the same programs on the same tracepoints, so counts match exactly; durations are
 * checked against what the shell did and the wall time it took, not against each other. And
 * hardirqs' event counts of the disk's interrupts, against /proc/interrupts around direct writes.
 */
@Tag("bpf")
class LibbpfToolsDistTest {
    /** Iterations of a dash loop: about 0.1-0.2 s of CPU here. */
    private static final int SPIN = 100_000;
    /** Sleeps of at least this many microseconds pass the tools' -m: the shell's wait for sleep 0.3. */
    private static final long MIN_BLOCK_US = 100_000;
    /**
     * The least a shell waits for its sleep 0.3: it blocks in wait4 just after fork, a little
     * after the child started, if it was slow to get there on a busy machine.
     */
    private static final long SLEPT_US = 250_000;
    /**
     * The most switches a shell can make after it read its own counters (at its end): it forks
     * cat, waits for it and exits, each of which may be preempted once.
     */
    private static final int AFTER_READ = 3;

    @TempDir
    Path tmp;

    @Test
    void cpudistCountsAContendedShellsPreemptionsAsTheCToolDoes() throws Exception {
        Gated sh = contended();
        try (LibbpfTool t = LibbpfTool.start("cpudist", List.of("--pid", sh.pid(), "--pids"),
                List.of("-P", "-p", sh.pid()), "Tracing")) {
            String key = "nonvoluntary_ctxt_switches";
            long before = Long.parseLong(status(Files.readString(Path.of("/proc", sh.pid(), "status")), key));
            long preempted = Long.parseLong(status(sh.release(), key)) - before;
            List<JsonNode> ours = hists(t.stop(300));

            // On-CPU time ends at a switch away from a still running task: a preemption.
            assertEquals(1, ours.size(), ours.toString());
            JsonNode h = ours.getFirst();
            assertEquals(sh.pid(), h.get("id").asText());
            assertEquals("sh", h.get("comm").asText());
            long total = h.get("total").asLong();
            assertTrue(total >= 1 && total <= preempted + AFTER_READ,
                    total + " on-CPU spans; the shell was preempted " + preempted + " times");
            assertEquals(Map.of("pid = " + sh.pid() + " sh", total), t.theirHistogramTotals(),
                    t.theirLines().toString());
        } finally {
            sh.close();
        }
    }

    @Test
    void runqlatCountsAContendedShellsRunQueueWaitsAsTheCToolDoes() throws Exception {
        Gated sh = contended();
        try (LibbpfTool t = LibbpfTool.start("runqlat", List.of("--pid", sh.pid(), "--pids"),
                List.of("-P", "-p", sh.pid()), "Tracing")) {
            long before = schedstatSlices(Files.readString(Path.of("/proc", sh.pid(), "schedstat")));
            String out = sh.release();
            long ran = schedstatSlices(out) - before;
            List<JsonNode> ours = hists(t.stop(300));

            // Each time it ran it had waited on the run queue since a wakeup or a preemption.
            assertEquals(1, ours.size(), ours.toString());
            JsonNode h = ours.getFirst();
            assertEquals(sh.pid(), h.get("id").asText());
            assertEquals("sh", h.get("comm").asText());
            long total = h.get("total").asLong();
            assertTrue(total >= 1 && total <= ran + AFTER_READ,
                    total + " run queue waits; the shell ran " + ran + " times");
            assertEquals(Map.of("pid = " + sh.pid() + " sh", total), t.theirHistogramTotals(),
                    t.theirLines().toString());
        } finally {
            sh.close();
        }
    }

    @Test
    void runqlatWithoutPerProcessOptionsPrintsOneHistogramWithNoKeyAsTheCToolDoes() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg("runqlat").toString(), "--duration", "1")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            // blank, time, "hists:", then the histogram at once: the program's id -1 is not a key to show
            List<String> out = r.allStdout;
            assertEquals("hists:", out.get(2), out.toString());
            assertTrue(out.get(3).trim().matches("usecs\\s+: count\\s+distribution"), out.toString());
            assertEquals(1, out.stream().filter(l -> l.contains(": count")).count(), "one histogram: " + out);
            assertTrue(out.stream().noneMatch(l -> l.contains("id =") || l.contains("comm =")), out.toString());
        }
        Process c = new ProcessBuilder("/usr/sbin/runqlat", "1", "1").redirectErrorStream(true).start();
        String theirs = new String(c.getInputStream().readAllBytes());
        assertTrue(c.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, theirs.lines().filter(l -> l.contains(": count")).count(), theirs);
        assertTrue(theirs.lines().noneMatch(l -> l.contains("pid =")), theirs);
    }

    @Test
    void offcputimeSeesAShellWaitForItsSleepInMicrosecondsAsTheCToolDoes() throws Exception {
        Gated sh = Gated.start(tmp, List.of("sh", "-c"), "sleep 0.3; exit 0");
        // -m is in microseconds in both: only the wait for sleep is that long.
        List<String> opts = List.of("-p", sh.pid(), "-m", Long.toString(MIN_BLOCK_US));
        try (LibbpfTool t = LibbpfTool.start("offcputime", opts, opts, null)) {
            long start = System.nanoTime();
            sh.release();
            long wallUs = (System.nanoTime() - start) / 1000;
            // The program keys a stack at every switch away and adds only blocks of -m or more: the
            // C tool skips the keys that stayed 0.
            List<JsonNode> ours = t.stop(300).stream().filter(e -> e.path("_map").asText().equals("info")
                    && e.get("delta").asLong() > 0).toList();

            assertEquals(1, ours.size(), ours.toString());
            JsonNode o = ours.getFirst();
            assertEquals(sh.pid(), o.get("tgid").asText());
            assertEquals(sh.pid(), o.get("pid").asText());
            assertEquals("sh", o.get("comm").asText());
            assertInRange(o.get("delta").asLong(), SLEPT_US, wallUs, "our off-CPU us");
            assertTrue(frames(o, "kern_stack_id_frames").stream().anyMatch(f -> f.startsWith("do_wait+")),
                    "blocked in wait4: " + o);
            // Each stack ends with "    -                sh (PID)" and its total in us on the next line.
            List<String> lines = t.theirLines();
            List<Long> theirs = new ArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).strip().matches("- +sh \\(" + sh.pid() + "\\)")) {
                    theirs.add(Long.parseLong(lines.get(i + 1).strip()));
                }
            }
            assertEquals(1, theirs.size(), lines.toString());
            assertInRange(theirs.getFirst(), SLEPT_US, wallUs, "their off-CPU us");
            assertTrue(lines.stream().anyMatch(l -> l.strip().equals("do_wait")), lines.toString());
        } finally {
            sh.close();
        }
    }

    @Test
    void wakeuptimeSeesTheWakeupOfAShellWaitingForItsSleepAsTheCToolDoes() throws Exception {
        Gated sh = Gated.start(tmp, List.of("sh", "-c"), "sleep 0.3; exit 0");
        List<String> opts = List.of("-p", sh.pid(), "-m", Long.toString(MIN_BLOCK_US));
        try (LibbpfTool t = LibbpfTool.start("wakeuptime", opts, opts, "Tracing")) {
            long start = System.nanoTime();
            sh.release();
            long wallNs = System.nanoTime() - start;
            List<JsonNode> ours = t.stop(300).stream().filter(e -> e.path("_map").asText().equals("counts"))
                    .toList();

            assertEquals(1, ours.size(), ours.toString());
            JsonNode w = ours.getFirst();
            assertEquals("sh", w.get("target").asText());
            assertInRange(w.get("ns").asLong(), SLEPT_US * 1000, wallNs, "our blocked ns");
            // target: sh / the waker's stack, "ADDRESS NAME" / waker: COMM / the blocked time in us
            List<String> lines = t.theirLines().stream().map(String::strip).toList();
            List<Integer> targets = IntStream.range(0, lines.size()).filter(i -> lines.get(i).matches("target: +sh"))
                    .boxed().toList();
            assertEquals(1, targets.size(), lines.toString());
            List<String> theirFrames = new ArrayList<>();
            int k = targets.getFirst() + 1;
            for (; k < lines.size() && !lines.get(k).startsWith("waker:"); k++) {
                theirFrames.add(lines.get(k).split(" ", 2)[1]);
            }
            // The exiting sleep wakes its parent, or the parent's CPU does from its wake list: the
            // same wakeup in both, so the same waker and stack.
            assertEquals("waker: " + w.get("waker").asText(), lines.get(k).replaceAll(" +", " "), lines.toString());
            assertEquals(theirFrames, frames(w, "w_k_stack_id_frames").stream()
                    .map(f -> f.replaceFirst("\\+0x\\p{XDigit}+$", "")).toList());
            assertInRange(Long.parseLong(lines.get(k + 1)), SLEPT_US, wallNs / 1000, "their blocked us");
        } finally {
            sh.close();
        }
    }

    @Test
    void hardirqsCountsTheDisksInterruptsFromDirectWritesAsTheCToolDoes() throws Exception {
        RunnerProcess.requireBpf();
        List<String> disk = diskIrqs(tmp);
        Map<String, Long> p0 = interrupts();
        try (LibbpfTool t = LibbpfTool.start("hardirqs", List.of("--event-counts"), List.of("-C"), "Tracing")) {
            Map<String, Long> p1 = interrupts();
            // Each O_DIRECT write, and the fsync, is a request the disk completes with an interrupt.
            Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + tmp.resolve("direct"), "bs=4k",
                    "count=64", "oflag=direct", "conv=fsync", "status=none").redirectErrorStream(true).start();
            String ddOut = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(dd.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, dd.exitValue(), ddOut);
            Map<String, Long> p2 = interrupts();
            List<JsonNode> ours = t.stop(300).stream().filter(e -> e.path("_map").asText().equals("infos"))
                    .toList();
            Map<String, Long> p3 = interrupts();

            // HARDIRQ TOTAL_count
            List<List<String>> theirs = t.theirRows().stream().filter(r -> r.size() == 2
                    && r.get(1).matches("\\d+")).toList();
            long caused = 0;
            for (String irq : disk) {
                caused += p2.get(irq) - p1.get(irq);
                // The tools were attached from before p1 to after p2, and only between p0 and p3.
                long low = p2.get(irq) - p1.get(irq);
                long high = p3.get(irq) - p0.get(irq);
                long mine = ours.stream().filter(e -> e.get("name").asText().equals(irq))
                        .mapToLong(e -> e.get("count").asLong()).sum();
                assertInRange(mine, low, high, irq + " ours, of " + ours);
                long their = theirs.stream().filter(r -> r.get(0).equals(irq))
                        .mapToLong(r -> Long.parseLong(r.get(1))).sum();
                assertInRange(their, low, high, irq + " theirs, of " + t.theirLines());
            }
            assertTrue(caused >= 1, "the writes interrupted through " + disk);
        }
    }

    /**
     * The interrupts of the virtio disk holding {@code dir} ({@code virtioN-req.Q}), found from
     * its block device's place in sysfs.
     */
    private static List<String> diskIrqs(Path dir) throws Exception {
        String dev = Path.of(Files.getFileStore(dir).name()).getFileName().toString();
        Path sys = Path.of("/sys/class/block", dev).toRealPath();
        String virtio = null;
        for (Path part : sys) {
            if (part.toString().matches("virtio\\d+")) {
                virtio = part.toString();
            }
        }
        assertTrue(virtio != null, dir + " is on " + dev + " at " + sys + ", no virtio disk");
        String prefix = virtio + "-req";
        List<String> out = interrupts().keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        assertTrue(!out.isEmpty(), "no " + prefix + "* in /proc/interrupts");
        return out;
    }

    /** /proc/interrupts: each line's last word (its handler's name) and its count on all CPUs. */
    private static Map<String, Long> interrupts() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/interrupts"));
        int cpus = lines.getFirst().trim().split("\\s+").length;
        Map<String, Long> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] w = line.trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i <= cpus && i < w.length && w[i].matches("\\d+"); i++) {
                sum += Long.parseLong(w[i]);
            }
            out.merge(w[w.length - 1], sum, Long::sum);
        }
        return out;
    }

    /**
     * A shell and a subshell of it spinning on the same CPU, so the scheduler must preempt the
     * shell; at its end the shell prints its own status and schedstat.
     */
    private Gated contended() throws Exception {
        String spin = "spin() { i=0; while [ $i -lt " + SPIN + " ]; do i=$((i+1)); done; }; ";
        // The first CPU this test may use: "0-1", "2,5-7".
        String cpu = status(Files.readString(Path.of("/proc/self/status")), "Cpus_allowed_list").split("[-,]")[0];
        return Gated.start(tmp, List.of("taskset", "-c", cpu, "sh", "-c"),
                spin + "spin & spin; wait; cat /proc/$$/status /proc/$$/schedstat");
    }

    private static List<JsonNode> hists(List<JsonNode> rows) {
        return rows.stream().filter(e -> e.path("_map").asText().equals("hists")).toList();
    }

    private static List<String> frames(JsonNode row, String field) {
        List<String> out = new ArrayList<>();
        row.path(field).forEach(f -> out.add(f.asText()));
        return out;
    }

    /** The value after {@code key:} in /proc/PID/status text. */
    private static String status(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError(key + " in " + text));
    }

    /** /proc/PID/schedstat's third number: how many times the task was switched in. */
    private static long schedstatSlices(String text) {
        String line = text.lines().filter(l -> l.matches("\\d+ \\d+ \\d+")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("schedstat in " + text));
        return Long.parseLong(line.split(" ")[2]);
    }

    private static void assertInRange(long value, long low, long high, String what) {
        assertTrue(value >= low && value <= high, what + " " + value + " not in [" + low + ", " + high + "]");
    }

    /** A shell that blocks on a FIFO until {@link #release}, then runs its script. */
    private record Gated(Process process, Path fifo) implements AutoCloseable {
        static Gated start(Path dir, List<String> shell, String script) throws Exception {
            Path fifo = dir.resolve("go");
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            List<String> cmd = new ArrayList<>(shell);
            cmd.add("read x < " + fifo + "; " + script);
            return new Gated(new ProcessBuilder(cmd).redirectErrorStream(true).start(), fifo);
        }

        String pid() {
            return Long.toString(process.pid());
        }

        /** Lets the shell run and waits for its end. @return what it printed */
        String release() throws Exception {
            Files.writeString(fifo, "go\n");
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the shell ends");
            assertEquals(0, process.exitValue(), out);
            return out;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
