package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/xdpcount: an XDP program and a tc egress classifier attached to the interface named by
 * --interface, here the host end of a veth pair into a test network namespace. UDP datagrams
 * of known sizes cross it both ways; the per-protocol counts the runner prints when it stops
 * must match them exactly, and nothing may stay attached afterwards.
 */
@Tag("bpf")
class XdpcountExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UDP = 17;
    /** Ethernet 14 + IPv4 20 + UDP 8. */
    private static final int HEADERS = 42;

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/xdpcount").toString();
    }

    @Test
    void countsUdpBothWaysOnAVethAndDetachesOnExit() throws Exception {
        RunnerProcess.requireBpf();
        try (TestNetns ns = TestNetns.create();
             DatagramSocket rx = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(TestNetns.HOST_IP), 0))) {
            int port = rx.getLocalPort();
            List<String> out;
            try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json", "--interface", ns.host)) {
                r.awaitStderr(l -> l.contains("attached"), 30);
                String attached = TestNetns.run("ip", "link", "show", ns.host);
                assertTrue(attached.contains("xdp"), "XDP is on the interface: " + attached);
                assertTrue(TestNetns.run("tc", "filter", "show", "dev", ns.host, "egress").contains("tc_count"),
                        "the tc classifier is on egress");
                // In: 5 datagrams of 2 bytes ("x\n") from the namespace; the test's socket takes them.
                ns.exec("bash", "-c", "for i in 1 2 3 4 5; do echo x > /dev/udp/" + TestNetns.HOST_IP + "/" + port
                        + "; done");
                for (int i = 0; i < 5; i++) {
                    rx.receive(new DatagramPacket(new byte[16], 16));
                }
                // Out: 3 datagrams of 100 bytes to the namespace (nobody listens there: it answers ICMP).
                for (int i = 0; i < 3; i++) {
                    rx.send(new DatagramPacket(new byte[100], 100, InetAddress.getByName(TestNetns.PEER_IP), 9));
                }
                Thread.sleep(200);
                assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
                out = List.copyOf(r.allStdout);
            }
            Map<String, JsonNode> udp = new HashMap<>();
            for (String line : out) {
                JsonNode row = JSON.readTree(line);
                assertEquals(List.of("_map", "proto", "packets", "octets"), SigsnoopExampleTest.names(row), line);
                assertTrue(row.get("packets").asLong() > 0, "rows with no packets are left out: " + line);
                if (row.get("proto").asInt() == UDP) {
                    udp.put(row.get("_map").asText(), row);
                }
            }
            assertEquals(5, udp.get("rx_protos").get("packets").asLong(), out.toString());
            assertEquals(5 * (HEADERS + 2), udp.get("rx_protos").get("octets").asLong(), out.toString());
            assertEquals(3, udp.get("tx_protos").get("packets").asLong(), out.toString());
            assertEquals(3 * (HEADERS + 100), udp.get("tx_protos").get("octets").asLong(), out.toString());
            assertFalse(TestNetns.run("ip", "link", "show", ns.host).contains("xdp"), "XDP detached");
            assertFalse(TestNetns.run("tc", "qdisc", "show", "dev", ns.host).contains("clsact"),
                    "the clsact qdisc the runner added is gone");
        }
    }
}
