package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eunomia packages of our own examples, written as ecc writes them ({@link EunomiaWriter}) with
 * each of the settings eunomia's loader reads, run unmodified; every decoded value is checked
 * against what the test made the kernel do (a signal it sent, a connect, packets, busy shells).
 */
@Tag("bpf")
class EunomiaPackagesRunTest {
    @TempDir
    Path tmp;

    static EunomiaWriter example(String name, String map, String struct) throws Exception {
        Path object = RunnerProcess.repoRoot().resolve("examples/" + name + "/" + name + ".bpf.o");
        return new EunomiaWriter(Files.readAllBytes(object), name, map, struct);
    }

    private static JsonNode json(String line) throws Exception {
        return EunomiaWriter.JSON.readTree(line);
    }

    @Test
    void cmdargNamesTheOptionsAndTheTableShowsTheSignalWeSent() throws Exception {
        RunnerProcess.requireBpf();
        ObjectNode pkg = example("sigsnoop", "rb", "event").current();
        EunomiaWriter.variable(pkg, "target_signal").putObject("cmdarg").put("long", "signal").put("short", "s")
                .put("help", "only this signal");
        Path p = EunomiaWriter.write(tmp.resolve("sigsnoop"), pkg);
        Process killed = new ProcessBuilder("sleep", "30").start();
        Process terminated = new ProcessBuilder("sleep", "30").start();
        try (RunnerProcess r = RunnerProcess.start("run", p.toString(), "-s", "15")) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            killed.destroyForcibly().waitFor();
            terminated.destroy();
            terminated.waitFor();
            String row = r.awaitLine(l -> l.matches(" *\\d+ +" + terminated.pid() + " .*"), 15);
            String[] cells = row.strip().split("\\s+");
            assertEquals(List.of(Long.toString(ProcessHandle.current().pid()), Long.toString(terminated.pid()), "15", "0"),
                    List.of(cells).subList(0, 4), row);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            assertTrue(r.allStdout.getFirst().matches(" *PID +TPID +SIG +RETVAL +COMM +CGROUP_ID *"), r.allStdout.getFirst());
            assertTrue(r.allStdout.stream().noneMatch(l -> l.contains(" " + killed.pid() + " ")),
                    "--signal 15 leaves out the SIGKILL: " + r.allStdout);
        } finally {
            killed.destroyForcibly();
            terminated.destroyForcibly();
        }
    }

    @Test
    void multipleExportTypesPrintEachMapWithTheStructItsTypeIdNames() throws Exception {
        RunnerProcess.requireBpf();
        EunomiaWriter w = example("tcpconnect", null, null);
        ObjectNode pkg = w.current();
        ((ObjectNode) pkg.get("meta")).put("enable_multiple_export_types", true);
        ArrayNode maps = EunomiaWriter.maps(pkg);
        maps.addObject().put("name", "starts").put("ident", "starts").put("export_config", "no_export");
        maps.addObject().put("name", "ipv4_events").put("ident", "ipv4_events").putObject("export_config")
                .put("btf_type_id", w.typeId("ipv4_flow"));
        maps.addObject().put("name", "ipv6_events").put("ident", "ipv6_events").putObject("export_config")
                .put("btf_type_id", w.typeId("ipv6_flow"));
        Path p = EunomiaWriter.write(tmp.resolve("tcpconnect"), pkg);
        try (RunnerProcess r = RunnerProcess.start("run", p.toString(), "-o", "json");
             ServerSocket v4 = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            Process bash = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + v4.getLocalPort()).start();
            v4.accept().close();
            assertEquals(0, bash.waitFor());
            JsonNode four = json(r.awaitLine(l -> l.contains("\"dport\":" + v4.getLocalPort() + ","), 15));
            assertEquals(List.of("_map", "pid", "saddr", "daddr", "sport", "dport", "outcome", "latency_ns", "comm"),
                    SigsnoopExampleTest.names(four));
            assertEquals("ipv4_events", four.get("_map").asText());
            assertEquals(bash.pid(), four.get("pid").asLong());
            assertEquals(0x0100007fL, four.get("daddr").asLong());
            assertEquals("bash", four.get("comm").asText());
            // The JVM's own IPv6 connect; under the shared VM's load one was once missed (cause not
            // found, also not with the same object as our own package), so up to three are made.
            JsonNode six = null;
            int clientPort = 0;
            for (int attempt = 0; attempt < 3 && six == null; attempt++) {
                try (ServerSocket v6 = new ServerSocket(0, 1, InetAddress.getByName("::1")); Socket c = new Socket()) {
                    c.connect(new InetSocketAddress(InetAddress.getByName("::1"), v6.getLocalPort()));
                    clientPort = c.getLocalPort();
                    v6.accept().close();
                    String port = "\"dport\":" + v6.getLocalPort() + ",";
                    try {
                        six = json(r.awaitLine(l -> l.contains(port), 5));
                    } catch (AssertionError missed) {
                        System.err.println("EunomiaPackagesRunTest: IPv6 connect " + attempt + " not seen: " + missed);
                    }
                }
            }
            assertTrue(six != null, "no IPv6 connect seen in three: " + r.allStdout + " " + r.stderr);
            assertEquals("ipv6_events", six.get("_map").asText());
            assertEquals(ProcessHandle.current().pid(), six.get("pid").asLong());
            assertEquals(clientPort, six.get("sport").asInt());
            assertEquals("CONNECTED", six.get("outcome").asText());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    @Test
    void xdpAndTcByIfindexFillSampledMapsOfOurDatagrams() throws Exception {
        RunnerProcess.requireBpf();
        ObjectNode pkg = example("xdpcount", null, null).current();
        ((ObjectNode) pkg.get("meta")).put("enable_multiple_export_types", true);
        ArrayNode maps = EunomiaWriter.maps(pkg);
        for (String m : List.of("rx_protos", "tx_protos")) {
            ObjectNode e = maps.addObject().put("name", m).put("ident", m).put("export_config", "default");
            e.putObject("sample").put("interval", 300).put("type", "default_kv");
        }
        EunomiaWriter.prog(pkg, "xdp_count").put("ifindex", 1);
        EunomiaWriter.prog(pkg, "tc_count").putObject("tchook").put("ifindex", 1).put("attach_point", "BPF_TC_EGRESS");
        Path p = EunomiaWriter.write(tmp.resolve("xdpcount"), pkg);
        try (RunnerProcess r = RunnerProcess.start("run", p.toString(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            try (DatagramSocket s = new DatagramSocket()) {
                for (int i = 0; i < 20; i++) {
                    s.send(new DatagramPacket(new byte[1234], 1234, InetAddress.getByName("127.0.0.1"), 9));
                }
            }
            for (String m : List.of("rx_protos", "tx_protos")) {
                // UDP (17); each datagram is Ethernet 14 + IPv4 20 + UDP 8 + 1234 bytes long.
                JsonNode row = json(r.awaitLine(l -> l.contains("\"_map\":\"" + m + "\"") && l.contains("\"key\":17,")
                        && packets(l) >= 20, 15));
                assertTrue(row.toString().contains("\"packets\""), row.toString());
            }
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    /** The packets a sampled row counts, over every CPU's value when it has one each. */
    private static long packets(String line) {
        try {
            long n = 0;
            for (JsonNode v : json(line).findValues("packets")) {
                n += v.asLong();
            }
            return n;
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void runqlatDrawsALog2HistogramOfABusyShellsRunQueueLatency() throws Exception {
        RunnerProcess.requireBpf();
        ObjectNode pkg = example("runqlat", null, null).current();
        EunomiaWriter.maps(pkg).addObject().put("name", "hists").put("ident", "hists").putObject("sample")
                .put("interval", 1000).put("type", "log2_hist").put("unit", "usecs").put("clear_map", true);
        Path p = EunomiaWriter.write(tmp.resolve("runqlat"), pkg);
        List<Process> shells = new ArrayList<>();
        try {
            for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
                shells.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            long target = shells.getFirst().pid();
            try (RunnerProcess r = RunnerProcess.start("run", p.toString(), "-o", "json", "--per_process",
                    "--targ_tgid", Long.toString(target), "--duration", "2.5")) {
                assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
                JsonNode h = json(r.allStdout.getLast());
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
        } finally {
            shells.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void whatCannotRunIsOneLineNamingTheMetaKey() throws Exception {
        ObjectNode stacks = example("opensnoop", "rb", "event").meta();
        ((ObjectNode) EunomiaWriter.maps(stacks).get(0)).putObject("intepreter").putObject("stack_trace");
        Path stackSkel = Files.writeString(tmp.resolve("stacks.skel.json"), EunomiaWriter.JSON.writeValueAsString(stacks));
        Path lonely = Files.writeString(Files.createDirectories(tmp.resolve("lonely")).resolve("skel.json"),
                EunomiaWriter.JSON.writeValueAsString(stacks));
        Files.copy(RunnerProcess.repoRoot().resolve("examples/opensnoop/opensnoop.bpf.o"), tmp.resolve("stacks.bpf.o"));
        String[][] cases = {
            // the stack_trace interpreter on a struct without its fields
            {stackSkel.toString(), "name 'kstack', which struct event does not have"},
            {lonely.toString(), "an eunomia skeleton without its object: none of skel.bpf.o"},
        };
        for (String[] c : cases) {
            try (RunnerProcess r = RunnerProcess.start("run", c[0])) {
                assertEquals(3, r.waitFor(), c[0] + ": " + r.stderr);
                assertEquals(1, r.stderr.size(), r.stderr.toString());
                assertTrue(r.stderr.getFirst().contains(c[1]), r.stderr.getFirst());
            }
        }
    }
}
