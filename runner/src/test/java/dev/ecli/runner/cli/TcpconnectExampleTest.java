package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/tcpconnect: two perf event arrays, each with its own struct, in one output. The
 * test connects over loopback to ports it listens on (IPv4 and IPv6) and to one nobody listens
 * on, and checks process, addresses, ports, outcome and latency.
 */
@Tag("bpf")
class TcpconnectExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 127.0.0.1 as the kernel stores it (network order) read as a native little-endian u32. */
    private static final long LOOPBACK_V4 = 0x0100007fL;

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/tcpconnect").toString();
    }

    /**
     * An IPv4 connect from bash ({@code /dev/tcp}; the JVM's own sockets are IPv6, so an IPv4
     * address would show as ::ffff:127.0.0.1): returns {server port, client port, bash's pid,
     * nanoseconds taken}; {@code listen} false connects to a port nobody listens on.
     */
    private static long[] bashConnect(boolean listen) throws Exception {
        InetAddress addr = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 1, addr)) {
            int port = server.getLocalPort();
            if (!listen) {
                server.close();
            }
            long t0 = System.nanoTime();
            Process bash = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port).start();
            long clientPort = 0;
            if (listen) {
                try (Socket accepted = server.accept()) {
                    clientPort = accepted.getPort();
                }
            }
            bash.getErrorStream().readAllBytes();
            assertEquals(listen ? 0 : 1, bash.waitFor());
            return new long[] {port, clientPort, bash.pid(), System.nanoTime() - t0};
        }
    }

    /** Connects to a listener on {@code host}; returns {server port, client port, nanoseconds taken}. */
    private static long[] connect(String host) throws IOException {
        InetAddress addr = InetAddress.getByName(host);
        try (ServerSocket server = new ServerSocket(0, 1, addr); Socket client = new Socket()) {
            long t0 = System.nanoTime();
            client.connect(new InetSocketAddress(addr, server.getLocalPort()));
            long took = System.nanoTime() - t0;
            try (Socket accepted = server.accept()) {
                return new long[] {server.getLocalPort(), client.getLocalPort(), took};
            }
        }
    }

    @Test
    void jsonTellsTheMapsApartAndCarriesAddressesPortsAndOutcome() throws Exception {
        RunnerProcess.requireBpf();
        long me = ProcessHandle.current().pid();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long[] v4 = bashConnect(true);
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"dport\":" + v4[0] + ","), 10));
            assertEquals(List.of("_map", "pid", "saddr", "daddr", "sport", "dport", "outcome", "latency_ns", "comm"),
                    SigsnoopExampleTest.names(e));
            assertEquals("ipv4_events", e.get("_map").asText());
            assertEquals(v4[2], e.get("pid").asLong());
            assertEquals("bash", e.get("comm").asText());
            assertEquals(LOOPBACK_V4, e.get("saddr").asLong());
            assertEquals(LOOPBACK_V4, e.get("daddr").asLong());
            assertEquals(v4[1], e.get("sport").asLong());
            assertEquals("CONNECTED", e.get("outcome").asText());
            long latency = e.get("latency_ns").asLong();
            assertTrue(latency > 0 && latency <= v4[3], latency + " ns, bash took " + v4[3]);

            long[] v6 = connect("::1");
            JsonNode e6 = JSON.readTree(r.awaitLine(l -> l.contains("\"dport\":" + v6[0] + ","), 10));
            long latency6 = e6.get("latency_ns").asLong();
            assertTrue(latency6 > 0 && latency6 <= v6[2], latency6 + " ns, connect took " + v6[2]);
            assertEquals("ipv6_events", e6.get("_map").asText());
            List<Integer> loopback6 = new ArrayList<>(java.util.Collections.nCopies(15, 0));
            loopback6.add(1);
            assertEquals(loopback6, bytes(e6.get("daddr")), "::1 as 16 bytes");
            assertEquals(loopback6, bytes(e6.get("saddr")));
            assertEquals(v6[1], e6.get("sport").asLong());
            assertEquals("CONNECTED", e6.get("outcome").asText());
            assertEquals(me, e6.get("pid").asLong());

            long[] closed = bashConnect(false);
            JsonNode refused = JSON.readTree(r.awaitLine(l -> l.contains("\"dport\":" + closed[0] + ","), 10));
            assertEquals("ipv4_events", refused.get("_map").asText());
            assertEquals(closed[2], refused.get("pid").asLong());
            assertEquals("FAILED", refused.get("outcome").asText());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            assertTrue(r.stderr.stream().anyMatch(l -> l.matches("ecli-java: \\d+ events in .*")), r.stderr.toString());
        }
    }

    @Test
    void tablePrintsEachMapUnderItsOwnHeaderWithAddressesAsText() throws Exception {
        RunnerProcess.requireBpf();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            int port = server.getLocalPort();
            // --port: only connects to our listener pass the kernel-side filter.
            try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--port", Integer.toString(port))) {
                r.awaitStderr(l -> l.contains("attached"), 30);
                bashConnect(true);
                int clientPort;
                try (Socket c = new Socket("::1", port); Socket a = server.accept()) {
                    clientPort = c.getLocalPort();
                }
                String header = r.awaitLine(l -> l.startsWith("ipv6_events: PID"), 10);
                assertEquals("ipv6_events: PID SADDR DADDR SPORT DPORT OUTCOME LATENCY COMM",
                        header.replaceAll("\\s+", " "));
                String row = r.awaitLine(l -> l.startsWith("ipv6_events: "), 10);
                String[] cells = row.split("\\s+");
                assertEquals(Long.toString(ProcessHandle.current().pid()), cells[1], row);
                assertEquals("::1", cells[2], row);
                assertEquals("::1", cells[3], row);
                assertEquals(Integer.toString(clientPort), cells[4], row);
                assertEquals(Integer.toString(port), cells[5], row);
                assertEquals("CONNECTED", cells[6], row);
                assertTrue(cells[7].matches("[0-9.]+(ns|us|ms)"), row);
                assertEquals(0, r.signal("TERM"), "stderr: " + r.stderr);
                assertTrue(r.allStdout.stream().noneMatch(l -> l.startsWith("ipv4_events")),
                        "the IPv4 connect went to another port: " + r.allStdout);
            }
        }
    }

    @Test
    void aFilterWithOrAndNetworksKeepsOnlyTheConnectsItNames() throws Exception {
        RunnerProcess.requireBpf();
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket a = new ServerSocket(0, 8, v4); ServerSocket b = new ServerSocket(0, 8, v4);
             ServerSocket other = new ServerSocket(0, 8, v4); ServerSocket c = new ServerSocket(0, 8, v6)) {
            int pa = a.getLocalPort(), pb = b.getLocalPort(), pc = c.getLocalPort(), po = other.getLocalPort();
            String filter = "daddr in 127.0.0.0/8 && (dport==" + pa + " || dport==" + pb + ")"
                    + " || daddr in ::1/128 && dport in (" + pc + ", 1)";
            try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json", "--filter", filter)) {
                r.awaitStderr(l -> l.contains("attached"), 30);
                // Kept: IPv4 to a and b. Left out: IPv4 to other (no port named), IPv6 to a (refused:
                // ::1 is in no 127/8 clause, and a is not c).
                for (int port : List.of(pa, po, pb)) {
                    Process bash = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port).start();
                    assertEquals(0, bash.waitFor());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(v6, pa));
                } catch (IOException refused) {
                    // Nobody listens on ::1 at a's port: the connect fails, and the event is still made.
                }
                try (Socket s = new Socket(v6, pc)) {
                    // Kept: the last event, so every earlier one has been through the filter.
                }
                r.awaitLine(l -> l.contains("\"dport\":" + pc + ","), 10);
                assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
                List<JsonNode> events = new ArrayList<>();
                for (String line : r.allStdout) {
                    events.add(JSON.readTree(line));
                }
                List<String> seen = events.stream().map(e -> e.get("_map").asText() + ":" + e.get("dport").asInt())
                        .filter(k -> k.endsWith(":" + pa) || k.endsWith(":" + pb) || k.endsWith(":" + pc)
                                || k.endsWith(":" + po))
                        .sorted().toList();
                // IPv4 and IPv6 come on two perf buffers, read as each has data: no order between them
                assertEquals(java.util.stream.Stream.of("ipv4_events:" + pa, "ipv4_events:" + pb, "ipv6_events:" + pc)
                        .sorted().toList(), seen,
                        "a, other, b over IPv4, a and c over IPv6: " + r.allStdout);
            }
        }
    }

    private static List<Integer> bytes(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(b -> out.add(b.asInt()));
        return out;
    }
}
