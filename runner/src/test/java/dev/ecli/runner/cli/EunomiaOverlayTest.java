package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tcpstates-style eunomia package.json (our examples/tcpconnect packed as ecc packs, IPv4
 * records: addresses as the kernel stores them, an enum outcome) runs as eunomia would, its
 * addresses as numbers; an overlay of a few lines names it a port option and shows the same
 * loopback connect with 127.0.0.1 and CONNECTED.
 */
@Tag("bpf")
class EunomiaOverlayTest {
    /** 127.0.0.1 as the kernel stores it (network order), read as a native little-endian u32. */
    private static final long LOOPBACK_V4 = 0x0100007fL;

    @TempDir
    Path tmp;

    private Path basePackage() throws Exception {
        byte[] elf = Files.readAllBytes(RunnerProcess.repoRoot().resolve("examples/tcpconnect/tcpconnect.bpf.o"));
        return EunomiaWriter.write(tmp.resolve("tcpflows"),
                new EunomiaWriter(elf, "tcpflows", "ipv4_events", "ipv4_flow").current());
    }

    /** The table row of a loopback connect from bash to a port we listen on: {row, client port, port}. */
    private static String[] connectRow(RunnerProcess r, ServerSocket server) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort()).start();
        int clientPort;
        try (Socket accepted = server.accept()) {
            clientPort = accepted.getPort();
        }
        assertEquals(0, bash.waitFor());
        String row = r.awaitLine(l -> l.matches(".* " + clientPort + " +" + server.getLocalPort() + " .*"), 15);
        return new String[] {row, Long.toString(bash.pid()), Integer.toString(clientPort)};
    }

    @Test
    void withoutAnOverlayAddressesAreNumbersAsUnderEunomia() throws Exception {
        RunnerProcess.requireBpf();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             RunnerProcess r = RunnerProcess.start("run", basePackage().toString(), "--target_port",
                     Integer.toString(server.getLocalPort()))) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            String[] got = connectRow(r, server);
            String[] cells = got[0].strip().split("\\s+");
            assertEquals(got[1], cells[0], got[0]);
            assertEquals(Long.toString(LOOPBACK_V4), cells[1], got[0]);
            assertEquals(Long.toString(LOOPBACK_V4), cells[2], got[0]);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    @Test
    void aFewLinesOfOverlayShowTheLoopbackAddressAndNameTheOption() throws Exception {
        RunnerProcess.requireBpf();
        basePackage();
        Path overlay = Files.writeString(tmp.resolve("tcpflows.yaml"), """
                base: tcpflows/package.json
                exports:
                  - map: ipv4_events
                    fields:
                      saddr: {format: ipv4}
                      daddr: {format: ipv4}
                    computed:
                      LAT_NS: {expr: "latency_ns + 0"}
                params:
                  target_port: {short: P, long: port, description: "Trace connects to this port only."}
                """);
        assertEquals(0, Main.commandLine().execute("validate", overlay.toString()));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             RunnerProcess r = RunnerProcess.start("run", overlay.toString(), "-P",
                     Integer.toString(server.getLocalPort()))) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            String[] got = connectRow(r, server);
            String[] cells = got[0].strip().split("\\s+");
            assertEquals(got[1], cells[0], got[0]);
            assertEquals("127.0.0.1", cells[1], got[0]);
            assertEquals("127.0.0.1", cells[2], got[0]);
            assertEquals(got[2], cells[3], got[0]);
            assertEquals("CONNECTED", cells[5], got[0]);
            // LAT_NS, the overlay's computed column, after the struct's own: latency_ns again.
            assertEquals(r.allStdout.getFirst().strip().split("\\s+").length, cells.length, got[0]);
            assertTrue(r.allStdout.getFirst().strip().endsWith(" LAT_NS"), r.allStdout.getFirst());
            assertEquals(cells[6], cells[cells.length - 1], got[0]);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    @Test
    void aBaseByUrlIsPulledAndRunsWithTheOverlay() throws Exception {
        RunnerProcess.requireBpf();
        byte[] body = Files.readAllBytes(basePackage());
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hub/tcpflows/package.json", x -> {
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hub/tcpflows/package.json";
        Path overlay = Files.writeString(tmp.resolve("remote.yaml"), "base: " + url + "\n"
                + "exports:\n  - map: ipv4_events\n    fields:\n      daddr: {format: ipv4}\n");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             RunnerProcess r = RunnerProcess.start(java.util.Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                     "run", overlay.toString(), "--target_port", Integer.toString(listener.getLocalPort()))) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            assertTrue(r.stderr.getFirst().startsWith("ecli-java: pulled " + url + " (sha256:"), r.stderr.toString());
            String[] got = connectRow(r, listener);
            String[] cells = got[0].strip().split("\\s+");
            assertEquals(got[1], cells[0], got[0]);
            assertEquals(Long.toString(LOOPBACK_V4), cells[1], "saddr has no format here: " + got[0]);
            assertEquals("127.0.0.1", cells[2], got[0]);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        } finally {
            server.stop(0);
        }
    }
}
