package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * eunomia-bpf's own loader test packages (src/test/resources/eunomia, see its NOTICE.md), run
 * unmodified with {@code ecli-java run FILE}; each decoded value is checked against what the
 * test made the kernel do (a child's pid and exit code, parameters it set, a packet it sent).
 */
@Tag("bpf")
class EunomiaAssetsRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String asset(String name) {
        return RunnerProcess.repoRoot().resolve("runner/src/test/resources/eunomia").resolve(name).toString();
    }

    /** A child shell that exits with 7, started once the runner is attached. */
    private static Process exit7(RunnerProcess r) throws Exception {
        r.awaitStderr(l -> l.contains("attached"), 30);
        Process p = new ProcessBuilder("sh", "-c", "exit 7").start();
        assertEquals(7, p.waitFor());
        return p;
    }

    /** The next line of {@code map} (any, when null) about {@code pid}'s shell (Java execs jspawnhelper first). */
    private static JsonNode lineOf(RunnerProcess r, String map, long pid) throws Exception {
        return lineOf(r, map, pid, "");
    }

    private static JsonNode lineOf(RunnerProcess r, String map, long pid, String also) throws Exception {
        String prefix = map == null ? "" : "\"_map\":\"" + map + "\"";
        java.util.function.Predicate<String> wanted = l -> l.contains(prefix) && l.contains("\"pid\":" + pid + ",")
                && l.contains("\"comm\":\"sh\"") && l.contains(also);
        // From every line so far: streams of separate maps may arrive in either order.
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (r.allStdout) {
                for (String l : r.allStdout) {
                    if (wanted.test(l)) {
                        return JSON.readTree(l);
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + prefix + " line of pid " + pid + ": " + r.allStdout + " " + r.stderr);
    }

    @Test
    void bootstrapPrintsTheExecAndExitOfAChild() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("bootstrap.json"), "-o", "json")) {
            Process child = exit7(r);
            JsonNode exec = lineOf(r, null, child.pid(), "\"exit_event\":false");
            assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "filename", "exit_event", "et"),
                    SigsnoopExampleTest.names(exec));
            assertEquals(ProcessHandle.current().pid(), exec.get("ppid").asLong());
            assertEquals("sh", exec.get("comm").asText());
            assertTrue(exec.get("filename").asText().endsWith("/sh"), exec.toString());
            assertEquals(false, exec.get("exit_event").asBoolean());
            JsonNode exit = lineOf(r, null, child.pid(), "\"exit_event\":true");
            assertEquals(7, exit.get("exit_code").asInt());
            assertEquals(true, exit.get("exit_event").asBoolean());
            assertTrue(exit.get("duration_ns").asLong() > 0, exit.toString());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    @Test
    void bootstrapTableHasAHeaderOfFieldNamesAndTimePrefixedRows() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("bootstrap.json"), "-t")) {
            Process child = exit7(r);
            String row = r.awaitLine(l -> l.matches("\\d\\d:\\d\\d:\\d\\d +" + child.pid() + " .* 7 .*"), 15);
            assertTrue(row.contains(" sh "), row);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            assertTrue(r.allStdout.getFirst().matches("TIME +PID +PPID +EXIT_CODE +DURATION_NS +COMM +FILENAME"
                    + " +EXIT_EVENT +ET"), r.allStdout.getFirst());
        }
    }

    @Test
    void simpleProg3EchoesTheParametersItWasGiven() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("simple_prog_3/package.json"), "-o", "json",
                "--const_val_1", "7", "--const_val_2", "-5", "--const_val_3", "hello",
                "--bss_val_1", "9", "--bss_val_2", "123456789012", "--bss_val_3", "world")) {
            exit7(r);
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.startsWith("{"), 15));
            assertEquals(JSON.readTree("{\"val_1\":7,\"val_2\":-5,\"val_3\":\"hello\",\"val_4\":9,"
                    + "\"val_5\":123456789012,\"val_6\":\"world\"}"), e);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    @Test
    void multipleRingBuffersEachCarryTheirOwnStruct() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("multiple_export_ringbuf/multiple.skel.json"),
                "-o", "json")) {
            Process child = exit7(r);
            JsonNode exec = lineOf(r, "rb_exec", child.pid());
            assertEquals(List.of("_map", "pid", "ppid", "comm", "filename"), SigsnoopExampleTest.names(exec));
            assertTrue(exec.get("filename").asText().endsWith("/sh"), exec.toString());
            JsonNode exit = lineOf(r, "rb_exit", child.pid());
            assertEquals(List.of("_map", "duration_ns", "pid", "ppid", "exit_code", "comm"),
                    SigsnoopExampleTest.names(exit));
            assertEquals(7, exit.get("exit_code").asInt());
            assertEquals(ProcessHandle.current().pid(), exit.get("ppid").asLong());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    @Test
    void multipleSampleMapsPrintTheirKeysAndValuesAndAreCleared() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("multiple_export_sample_map/multiple.skel.json"),
                "-o", "json")) {
            Process child = exit7(r);
            JsonNode exec = lineOf(r, "map_exec", child.pid());
            assertEquals(List.of("_time", "_map", "key", "pid", "ppid", "comm", "filename"),
                    SigsnoopExampleTest.names(exec));
            JsonNode exit = lineOf(r, "map_exit", child.pid());
            assertEquals(7, exit.get("exit_code").asInt());
            assertEquals("sh", exit.get("comm").asText());
            Thread.sleep(500);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            long seen = r.allStdout.stream().filter(l -> l.contains("\"pid\":" + child.pid() + ",")
                    && l.contains("\"exit_code\":7")).count();
            assertEquals(1, seen, "clear_map: the entry is printed once, then gone: " + r.allStdout);
        }
    }

    @Test
    void runqlatDrawsALog2HistogramOfABusyShellsRunQueueLatency() throws Exception {
        RunnerProcess.requireBpf();
        List<Process> shells = new ArrayList<>();
        try {
            for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
                shells.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            long target = shells.getFirst().pid();
            try (RunnerProcess r = RunnerProcess.start("run", asset("runqlat.json"), "-o", "json",
                    "--targ_per_process", "--targ_tgid", Long.toString(target), "--duration", "2.5")) {
                assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
                JsonNode h = JSON.readTree(r.allStdout.getLast());
                assertEquals(List.of("_map", "key", "comm", "unit", "total", "buckets"), SigsnoopExampleTest.names(h)
                        .stream().filter(n -> !n.equals("_time")).toList());
                assertEquals(target, h.get("key").asLong());
                assertEquals("sh", h.get("comm").asText());
                long total = 0;
                JsonNode buckets = h.get("buckets");
                for (int i = 0; i < buckets.size(); i++) {
                    assertEquals(i == 0 ? 0 : 1L << i, buckets.get(i).get("low").asLong(), "log2 bucket " + i);
                    total += buckets.get(i).get("count").asLong();
                }
                assertEquals(h.get("total").asLong(), total);
                assertTrue(total >= 5, "a busy shell sharing a CPU waits often: " + h);
            }
            try (RunnerProcess r = RunnerProcess.start("run", asset("runqlat.json"), "--duration", "1.5")) {
                assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
                assertTrue(r.allStdout.stream().anyMatch(l -> l.matches(" +\\d+ -> \\d+ +: \\d+ +\\|[* ]{40}\\|")),
                        "a drawn histogram: " + r.allStdout);
            }
        } finally {
            shells.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aPrintkOnlyProgramSaysWhereItsOutputGoesAndStreamsItWithVerbose() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("simple_prog_4/package.json"), "-v")) {
            Process child = exit7(r);
            assertTrue(r.stderr.stream().anyMatch(l -> l.contains("exports no events or maps")
                    && l.contains("/sys/kernel/tracing/trace_pipe")), r.stderr.toString());
            // 0x12345678, printed by the exec of our child.
            r.awaitStderr(l -> l.contains("-" + child.pid() + " ") && l.contains("Created 305419896"), 15);
            assertEquals(0, r.signal("INT"));
        }
    }

    /** Sends a UDP datagram of {@code payload} bytes to the loopback (discard port). */
    private static void udp(int payload) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(new byte[payload], payload, InetAddress.getByName("127.0.0.1"), 9));
        }
    }

    @Test
    void xdpOnTheLoopbackByIfindexSeesTheSizeOfOurPacket() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("simple_prog_5/package.json"), "-v")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int i = 0; i < 5; i++) {
                udp(1234);
            }
            // Ethernet 14 + IPv4 20 + UDP 8 + 1234 bytes.
            r.awaitStderr(l -> l.contains("xdp test: packet size is 1276"), 15);
            assertEquals(0, r.signal("INT"));
        }
    }

    @Test
    void tcIngressOnTheLoopbackSeesTheLengthOfOurPacket() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", asset("simple_prog_6/package.json"), "-v")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int i = 0; i < 5; i++) {
                udp(1111);
            }
            // IPv4 20 + UDP 8 + 1111 bytes, sent with the system's default TTL.
            String ttl = java.nio.file.Files.readString(Path.of("/proc/sys/net/ipv4/ip_default_ttl")).strip();
            r.awaitStderr(l -> l.contains("Got IP packet: tot_len: 1139, ttl: " + ttl), 15);
            assertEquals(0, r.signal("INT"));
        }
    }

    @Test
    void objectsWithoutProgramsLoadAndExportNothing() throws Exception {
        RunnerProcess.requireBpf();
        for (String a : List.of("int128_test/package.json", "int128_test/prog.skel.json",
                "simple_prog/simple_prog.skel.json", "simple_prog_2/simple_prog_2.package.json")) {
            try (RunnerProcess r = RunnerProcess.start("run", asset(a), "--duration", "0.3")) {
                assertEquals(0, r.waitFor(), a + ": " + r.stderr);
                assertTrue(r.stderr.stream().anyMatch(l -> l.contains("exports no events or maps")), a + ": " + r.stderr);
                assertEquals(List.of(), r.allStdout, a);
            }
        }
    }

    @Test
    void whatCannotRunIsOneLineNamingTheMetaKey() throws Exception {
        String[][] cases = {
            {"profile_test/profile.skel.json", "'bpf_skel.maps[0].intepreter' asks for eunomia's stack_trace printer"},
            {"multiple_export_ringbuf/multiple-custom-struct.json",
                "'bpf_skel.maps[1].export_config.custom_members' is not supported"},
            {"multiple_export_ringbuf/multiple-invalid-struct-1.json",
                "'bpf_skel.maps[1].export_config.custom_members' is not supported"},
            {"arg_builder_test/skel.json", "an eunomia skeleton without its object: none of skel.bpf.o"},
        };
        for (String[] c : cases) {
            try (RunnerProcess r = RunnerProcess.start("run", asset(c[0]))) {
                assertEquals(3, r.waitFor(), c[0] + ": " + r.stderr);
                assertEquals(1, r.stderr.size(), r.stderr.toString());
                assertTrue(r.stderr.getFirst().contains(c[1]), r.stderr.getFirst());
            }
        }
    }

    static Path assetPath(String name) {
        return Path.of(asset(name));
    }
}
