package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * packages/libbpf-tools whose output is sampled maps, from Debian's objects, against the C tools:
 * softirqs and runqlen (their programs count into .bss arrays, sampled like array maps) and syscount.
 * Debian's C runqlen does not load on kernels since 6.14, so runqlen is checked against the queue the test makes.
 */
@Tag("bpf")
class LibbpfToolsSampledTest {
    /** NET_RX in the kernel's softirq vector numbering. */
    private static final int NET_RX = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void softirqsCountsTheTestsNetworkSoftirqsWithOneOfEachTwinLoaded() throws Exception {
        try (LibbpfTool t = LibbpfTool.start("softirqs", List.of("--text"), List.of(), "Tracing")) {
            List<String> expected = List.of("softirq_entry_btf", "softirq_exit_btf"); // the tp_btf twins
            assertEquals(expected, LibbpfTool.programsOf(t.pids()[0]), "ours loads one program of each twin");
            assertEquals(expected, LibbpfTool.programsOf(t.pids()[1]), "as the C tool does");
            loopbackTraffic();
            List<JsonNode> ours = t.stop(300);

            List<JsonNode> rx = ours.stream().filter(e -> e.path("_map").asText().equals("counts")
                    && e.get("vector").asInt() == NET_RX).toList();
            assertEquals(1, rx.size(), ours.toString());
            assertTrue(rx.getFirst().get("time").asLong() > 0, rx.toString());
            // the vector's name, as the C tool prints it, from the kernel's enum
            String name = rx.getFirst().get("vector_text").asText();
            assertEquals("net_rx", name);
            // SOFTIRQ TOTAL_usecs
            assertEquals(1, t.theirRows().stream().filter(r -> r.size() == 2 && r.get(0).equals(name)
                    && Long.parseLong(r.get(1)) > 0).count(), t.theirLines().toString());
        }
    }

    @Test
    void intervalAndCountPrintTwiceAndStop() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg("softirqs").toString(), "-o", "json",
                "--interval", "1", "--count", "2")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            assertTrue(r.stderr.stream().anyMatch(l -> l.contains("stopped: count of prints reached")),
                    r.stderr.toString());
            // Each print lists the vectors in order: a print starts where a vector is not above the last.
            int prints = 0, last = Integer.MAX_VALUE;
            for (String line : r.allStdout) {
                JsonNode row = JSON.readTree(line);
                if (row.path("_map").asText().equals("counts")) {
                    int vector = row.get("vector").asInt();
                    prints += vector <= last ? 1 : 0;
                    last = vector;
                }
            }
            assertEquals(2, prints, "two prints: " + r.allStdout);
        }
    }

    @Test
    void runqlenSeesThreeBusyLoopsOnOneCpuAsTwoWaiting() throws Exception {
        RunnerProcess.requireBpf();
        // Debian 0.26's runqlen reads cfs_rq.nr_running, which kernel 6.14 renamed nr_queued: the C
        // tool's CO-RE cannot relocate it; the package's renamed-fields lets ours load.
        Process c = new ProcessBuilder("/usr/sbin/runqlen", "1", "1").redirectErrorStream(true).start();
        String theirs = new String(c.getInputStream().readAllBytes());
        assertTrue(c.waitFor(20, TimeUnit.SECONDS));
        boolean renamedHere = theirs.contains("cfs_rq.nr_running");
        List<Process> loops = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                loops.add(new ProcessBuilder("taskset", "-c", "1", "sh", "-c", "while :; do :; done").start());
            }
            Thread.sleep(300);
            try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg("runqlen").toString(), "-o", "json",
                    "--cpus", "--duration", "1.5")) {
                assertEquals(0, r.waitFor(), r.stderr.toString());
                JsonNode cpu1 = null;
                for (String line : r.allStdout) {
                    JsonNode row = JSON.readTree(line);
                    if (row.path("cpu").asInt(-1) == 1) {
                        cpu1 = row;
                    }
                }
                assertTrue(cpu1 != null, r.allStdout.toString());
                // One loop runs, two wait: most samples of CPU 1 say 2 (other tasks may add some).
                long total = cpu1.get("total").asLong(), atLeastTwo = 0, atTwo = 0;
                for (JsonNode b : cpu1.get("buckets")) {
                    atLeastTwo += b.get("low").asInt() >= 2 ? b.get("count").asLong() : 0;
                    atTwo += b.get("low").asInt() == 2 ? b.get("count").asLong() : 0;
                }
                assertTrue(total > 50 && atLeastTwo * 10 >= total * 8 && atTwo * 2 > total, cpu1.toString());
            }
            if (!renamedHere) {
                // a kernel that still has nr_running: the C tool ran too, and saw the same queue
                assertTrue(theirs.contains("runqlen"), theirs);
            }
        } finally {
            loops.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void syscountCountsADdsReadsAndWritesAsTheCToolDoes() throws Exception {
        Path fifo = Files.createTempDirectory("ecli-syscount").resolve("go");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // Waits on the FIFO until both tools filter on its pid, then becomes dd: 500 reads, 500 writes.
        Process dd = new ProcessBuilder("sh", "-c", "read x < " + fifo
                + "; exec dd if=/dev/zero of=/dev/null bs=1 count=500 status=none").start();
        String pid = Long.toString(dd.pid());
        try (LibbpfTool t = LibbpfTool.start("syscount", List.of("--pid", pid, "--text"), List.of("-p", pid),
                "Tracing")) {
            Files.writeString(fifo, "go\n");
            assertTrue(dd.waitFor(10, TimeUnit.SECONDS));
            List<JsonNode> ours = t.stop(300);

            // x86_64 numbers: read 0, write 1
            long reads = countOf(ours, 0);
            long writes = countOf(ours, 1);
            assertTrue(reads >= 501 && writes >= 500, "dd's reads and writes: " + ours);
            assertEquals("read", textOf(ours, 0));
            assertEquals("write", textOf(ours, 1));
            // SYSCALL COUNT
            List<List<String>> theirs = t.theirRows().stream().filter(r -> r.size() == 2).toList();
            assertEquals(List.of(List.of("read", Long.toString(reads))),
                    theirs.stream().filter(r -> r.get(0).equals("read")).toList(), t.theirLines().toString());
            assertEquals(List.of(List.of("write", Long.toString(writes))),
                    theirs.stream().filter(r -> r.get(0).equals("write")).toList(), t.theirLines().toString());
        } finally {
            dd.destroyForcibly();
        }
    }

    private static String textOf(List<JsonNode> rows, int syscall) {
        return rows.stream().filter(e -> e.path("_map").asText().equals("data") && e.get("key").asInt() == syscall)
                .findFirst().orElseThrow().get("key_text").asText();
    }

    private static long countOf(List<JsonNode> rows, int syscall) {
        List<JsonNode> found = rows.stream().filter(e -> e.path("_map").asText().equals("data")
                && e.get("key").asInt() == syscall).toList();
        assertEquals(1, found.size(), rows.toString());
        return found.getFirst().get("count").asLong();
    }

    private static void loopbackTraffic() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            InputStream in = accepted.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
                in.readNBytes(chunk.length);
            }
        }
    }
}
