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
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * packages/libbpf-tools gethostlatency (one program on three libc functions), tcpstates and
 * tcplife (layouts declared where the BTF has none), from Debian's objects, against the C tools
 * on lookups and loopback TCP connections the test makes.
 */
@Tag("bpf")
class LibbpfToolsNetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The kernel's TCP state numbers, by the names the C tool prints. */
    private static final Map<String, Integer> STATES = Map.ofEntries(Map.entry("ESTABLISHED", 1),
            Map.entry("SYN_SENT", 2), Map.entry("SYN_RECV", 3), Map.entry("FIN_WAIT1", 4), Map.entry("FIN_WAIT2", 5),
            Map.entry("TIME_WAIT", 6), Map.entry("CLOSE", 7), Map.entry("CLOSE_WAIT", 8), Map.entry("LAST_ACK", 9),
            Map.entry("LISTEN", 10), Map.entry("CLOSING", 11), Map.entry("NEW_SYN_RECV", 12));

    @Test
    void gethostlatencySeesEachLookupOnceAsTheCToolDoes() throws Exception {
        try (LibbpfTool t = LibbpfTool.start("gethostlatency", List.of(), List.of(), "HOST")) {
            long byInfo = LibbpfTool.run("getent", "ahosts", "localhost");     // getaddrinfo
            long byName = LibbpfTool.run("getent", "hosts", "localhost");      // gethostbyname2
            List<JsonNode> ours = t.stop(500);

            for (long pid : new long[] {byInfo, byName}) {
                List<JsonNode> mine = ours.stream().filter(e -> e.get("pid").asLong() == pid).toList();
                assertTrue(!mine.isEmpty(), pid + ": " + ours);
                mine.forEach(e -> {
                    assertEquals("getent", e.get("comm").asText());
                    assertEquals("localhost", e.get("host").asText());
                    assertTrue(e.get("time").asLong() > 0, "a latency");
                });
                // TIME PID COMM LATms HOST
                List<List<String>> theirs = t.theirRows().stream().filter(r -> r.size() == 5
                        && r.get(1).equals(Long.toString(pid))).toList();
                assertEquals(theirs.size(), mine.size(), "as many lookups as the C tool: " + t.theirLines());
                theirs.forEach(r -> assertEquals(List.of("getent", "localhost"), List.of(r.get(2), r.get(4))));
            }
        }
    }

    @Test
    void tcpstatesSeesALoopbackConnectionsStatesAsTheCToolDoes() throws Exception {
        for (InetAddress loopback : List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"))) {
            tcpstatesOn(loopback);
        }
    }

    @Test
    void tcpstatesTableShowsAddressesStatesAndFamiliesByName() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg("tcpstates").toString());
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            int port = server.getLocalPort();
            try (Socket client = new Socket(InetAddress.getByName("::1"), port); Socket accepted = server.accept()) {
                client.getOutputStream().write(1);
                accepted.getInputStream().read();
            }
            String row = r.awaitLine(l -> l.matches(".*\\s" + port + "\\s.*") && l.contains("SYN_SENT"), 10);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            // SADDR DADDR SKADDR TS_US DELTA_US PID OLDSTATE NEWSTATE FAMILY SPORT DPORT TASK
            assertTrue(row.matches("::1\\s+::1\\s+0x[0-9a-f]+\\s+\\d+\\s+\\d+\\s+" + ProcessHandle.current().pid()
                    + "\\s+CLOSE\\s+SYN_SENT\\s+AF_INET6\\s+0\\s+" + port + "\\s.*"), row);
            List<String> header = List.of(r.allStdout.getFirst().trim().split("\\s+"));
            assertEquals(List.of("SADDR", "DADDR", "SKADDR", "TS_US", "DELTA_US", "PID", "OLDSTATE", "NEWSTATE", "FAMILY",
                    "SPORT", "DPORT", "TASK"), header);
        }
    }

    @Test
    void tcpstatesFiltersAddressesChosenByFamilyByNetwork() throws Exception {
        RunnerProcess.requireBpf();
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket a = new ServerSocket(0, 8, v4); ServerSocket b = new ServerSocket(0, 8, v6);
             ServerSocket other = new ServerSocket(0, 8, v4)) {
            int pa = a.getLocalPort(), pb = b.getLocalPort(), po = other.getLocalPort();
            String filter = "daddr in 127.0.0.0/8 && dport==" + pa + " || daddr==::1/128 && dport in (" + pb + ")";
            try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg("tcpstates").toString(), "-o", "json",
                    "--filter", filter)) {
                r.awaitStderr(l -> l.contains("attached"), 30);
                // Kept: to a over IPv4 (Java's sockets make it ::ffff:127.0.0.1, an IPv4 address in
                // 127/8) and to b over ::1. Left out: to other (no port named) and to a's port on ::1
                // (refused; ::1 is not in 127/8).
                for (int port : List.of(pa, po)) {
                    try (Socket s = new Socket(v4, port)) {
                        // connected: SYN_SENT, ESTABLISHED
                    }
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(v6, pa));
                } catch (IOException refused) {
                    // SYN_SENT, then CLOSE
                }
                try (Socket s = new Socket(v6, pb)) {
                    // the last kept connection
                }
                r.awaitLine(l -> l.contains("\"dport\":" + pb + ","), 10);
                assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
                List<String> seen = new ArrayList<>();
                for (String line : r.allStdout) {
                    JsonNode e = JSON.readTree(line);
                    int dport = e.get("dport").asInt();
                    if (dport == pa || dport == pb || dport == po) {
                        seen.add(e.get("daddr").asText() + " " + dport);
                    }
                }
                assertTrue(seen.contains("::ffff:127.0.0.1 " + pa) && seen.contains("::1 " + pb), seen.toString());
                assertEquals(List.of(), seen.stream().filter(k -> !k.equals("::ffff:127.0.0.1 " + pa)
                        && !k.equals("::1 " + pb)).toList(), "only the named connections: " + seen);
            }
        }
    }

    private static void tcpstatesOn(InetAddress loopback) throws Exception {
        try (LibbpfTool t = LibbpfTool.start("tcpstates", List.of("--text"), List.of(), "NEWSTATE");
             ServerSocket server = new ServerSocket(0, 1, loopback)) {
            int port = server.getLocalPort();
            try (Socket client = new Socket(loopback, port);
                 Socket accepted = server.accept()) {
                client.getOutputStream().write(1);
                accepted.getInputStream().read();
            }
            List<JsonNode> ours = t.stop(500);

            // Java's IPv4 sockets are AF_INET6, v4-mapped: the address is ::ffff:127.0.0.1, as the C tool says
            String address = loopback instanceof java.net.Inet4Address ? "::ffff:127.0.0.1" : "::1";
            List<String> mine = new ArrayList<>();
            for (JsonNode e : ours) {
                if (e.get("sport").asInt() == port || e.get("dport").asInt() == port) {
                    assertEquals(STATES.get(e.get("newstate_text").asText()), e.get("newstate").asInt(), e.toString());
                    mine.add(String.join(" ", Long.toHexString(e.get("skaddr").asLong()), e.get("saddr").asText(),
                            e.get("sport").asText(), e.get("daddr").asText(), e.get("dport").asText(),
                            e.get("oldstate_text").asText(), e.get("newstate_text").asText()));
                }
            }
            assertTrue(mine.stream().anyMatch(r -> r.endsWith(" " + address + " " + port + " CLOSE SYN_SENT")),
                    "the client's CLOSE -> SYN_SENT: " + mine);
            // SKADDR C-PID C-COMM LADDR LPORT RADDR RPORT OLDSTATE -> NEWSTATE MS; a COMM may hold
            // spaces (a JVM thread's "C1 Compile"), so the columns after it are counted from the end
            List<String> theirs = new ArrayList<>();
            for (List<String> r : t.theirRows()) {
                int n = r.size();
                if (n >= 11 && r.get(n - 3).equals("->") && (r.get(n - 7).equals(Integer.toString(port))
                        || r.get(n - 5).equals(Integer.toString(port)))) {
                    theirs.add(String.join(" ", r.get(0), r.get(n - 8), r.get(n - 7), r.get(n - 6), r.get(n - 5),
                            r.get(n - 4), r.get(n - 2)));
                }
            }
            assertEquals(theirs.stream().sorted().toList(), mine.stream().sorted().toList(), "C: " + t.theirLines());
        }
    }

    @Test
    void tcplifeSeesBothEndsOfALoopbackSessionAsTheCToolDoes() throws Exception {
        try (LibbpfTool t = LibbpfTool.start("tcplife", List.of(), List.of(), "RPORT");
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket accepted = server.accept()) {
                client.getOutputStream().write(new byte[3000]);
                accepted.getInputStream().readNBytes(3000);
                accepted.getOutputStream().write(new byte[1000]);
                client.getInputStream().readNBytes(1000);
            }
            List<JsonNode> ours = t.stop(500).stream().filter(e -> e.get("sport").asInt() == port
                    || e.get("dport").asInt() == port).toList();

            assertEquals(2, ours.size(), "the client's end and the server's: " + ours);
            JsonNode clientEnd = ours.stream().filter(e -> e.get("dport").asInt() == port).findFirst().orElseThrow();
            // bytes_acked and bytes_received count the SYN and FIN sequence numbers too
            long tx = clientEnd.get("tx_b").asLong(), rx = clientEnd.get("rx_b").asLong();
            assertTrue(tx >= 3000 && tx <= 3002 && rx >= 1000 && rx <= 1002, tx + " sent, " + rx + " received");
            ours.forEach(e -> assertEquals(ProcessHandle.current().pid(), e.get("pid").asLong()));
            // PID COMM LADDR LPORT RADDR RPORT TX_KB RX_KB MS: the same two ends, ports and kilobytes;
            // the columns after COMM counted from the end (a COMM may hold spaces)
            String p = Integer.toString(port);
            List<String> theirs = t.theirRows().stream().filter(r -> r.size() >= 9
                    && (r.get(r.size() - 6).equals(p) || r.get(r.size() - 4).equals(p)))
                    .map(r -> r.get(0) + " " + r.get(r.size() - 7) + " " + r.get(r.size() - 6) + " "
                            + r.get(r.size() - 5) + " " + r.get(r.size() - 4) + " "
                            + r.get(r.size() - 3) + " " + r.get(r.size() - 2)).sorted()
                    .toList();
            ours.forEach(e -> assertEquals("::ffff:127.0.0.1", e.get("saddr").asText(), "v4-mapped: " + e));
            List<String> mine = ours.stream().map(e -> e.get("pid").asLong() + " " + e.get("saddr").asText() + " "
                    + e.get("sport").asInt() + " " + e.get("daddr").asText() + " "
                    + e.get("dport").asInt() + " " + String.format("%.2f", e.get("tx_kb").asDouble()) + " "
                    + String.format("%.2f", e.get("rx_kb").asDouble())).sorted().toList(); // computed columns
            assertEquals(theirs, mine, "C: " + t.theirLines());
        }
    }
}
