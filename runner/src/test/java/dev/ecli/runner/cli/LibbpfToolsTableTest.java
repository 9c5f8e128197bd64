package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.output.TableSink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people read: packages/libbpf-tools in a table, on events the test causes, show names
 * where the program sends numbers (argv, -ENOENT, O_ flags, syscall and signal names, addresses,
 * op names, computed columns), each cell under its header.
 */
@Tag("bpf")
class LibbpfToolsTableTest {
    @TempDir
    Path tmp;

    /** Runs {@code tool} in a table, causes {@code cause}, returns the header and the first row matching {@code row}. */
    private static List<String> rowOf(String tool, List<String> options, Cause cause, String row) throws Exception {
        RunnerProcess.requireBpf();
        List<String> argv = new java.util.ArrayList<>(List.of("run", LibbpfTool.pkg(tool).toString()));
        argv.addAll(options);
        try (RunnerProcess r = RunnerProcess.start(argv.toArray(String[]::new))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            String caused = cause.run();
            String line = r.awaitLine(l -> l.matches(row.replace("CAUSED", caused)), 15);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            return List.of(r.allStdout.getFirst(), line);
        }
    }

    private interface Cause {
        /** Causes the event; returns what the row must name (a pid, a port), or "". */
        String run() throws Exception;
    }

    /** Each of the row's cells starts at its header's column. */
    private static void aligned(List<String> headerAndRow, String... cells) {
        String header = headerAndRow.get(0), row = headerAndRow.get(1);
        for (String cell : cells) {
            String[] hc = cell.split("=", 2);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=^|\\s)" + hc[0] + "(?=\\s|$)").matcher(header);
            int col = m.find() ? m.start() : -1;
            assertTrue(col >= 0, hc[0] + " in " + header);
            assertTrue(row.startsWith(hc[1], col), hc[0] + " is " + hc[1] + " at column " + col + ":\n" + header + "\n" + row);
        }
    }

    @Test
    void execsnoopShowsTheWholeArgv() throws Exception {
        List<String> hr = rowOf("execsnoop", List.of(), () -> Long.toString(LibbpfTool.run("/bin/echo", "a", "b", "c")),
                "CAUSED .* echo .*"); // the same pid first execs jspawnhelper, which execs echo
        aligned(hr, "RETVAL=0", "ARGS=/bin/echo a b c", "COMM=echo");
    }

    @Test
    void opensnoopShowsEnoentAndFlagNames() throws Exception {
        Path missing = tmp.resolve("ecli-table-missing");
        List<String> hr = rowOf("opensnoop", List.of(), () -> Long.toString(LibbpfTool.run("cat", missing.toString())),
                ".*CAUSED .*" + missing + ".*");
        aligned(hr, "RET=-ENOENT", "FLAGS=O_RDONLY", "FNAME=" + missing);
    }

    @Test
    void sigsnoopShowsSignalNames() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            List<String> hr = rowOf("sigsnoop", List.of(), () -> {
                LibbpfTool.run("/bin/kill", "-USR1", Long.toString(child.pid()));
                return Long.toString(child.pid());
            }, "\\d+\\s+CAUSED .*");
            aligned(hr, "SIG=SIGUSR1", "RET=0");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void tcplifeShowsAddressesAndKilobytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            List<String> hr = rowOf("tcplife", List.of(), () -> {
                try (Socket c = new Socket(InetAddress.getByName("127.0.0.1"), port); Socket a = server.accept()) {
                    c.getOutputStream().write(new byte[2048]);
                    a.getInputStream().readNBytes(2048);
                }
                return Integer.toString(port);
            }, ".*\\s+CAUSED\\s+\\d+\\s+.*");
            aligned(hr, "SADDR=::ffff:127.0.0.1", "DADDR=::ffff:127.0.0.1", "FAMILY=AF_INET6");
            assertTrue(hr.get(1).matches(".*\\s(2\\.0|0\\.0)\\d?\\s.*"), "TX_KB/RX_KB as kilobytes: " + hr);
        }
    }

    @Test
    void rawShowsTheNumbersTheProgramSends() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            List<String> hr = rowOf("tcpstates", List.of("--raw"), () -> {
                try (Socket c = new Socket(InetAddress.getByName("127.0.0.1"), port); Socket a = server.accept()) {
                    c.getOutputStream().write(1);
                }
                return Integer.toString(port);
            }, ".*\\s0\\s+CAUSED\\s.*");
            // CLOSE -> SYN_SENT as the kernel's numbers, the family as 10, the address as its bytes, cut
            // with … at its column's width so that later cells stay under their headings
            assertTrue(hr.get(1).startsWith("[0,0,0,0,0,0,0,… "), hr.get(1));
            aligned(hr, "OLDSTATE=7", "NEWSTATE=2", "FAMILY=10", "DPORT=" + port);
        }
    }

    @Test
    void wideShowsArraysWhole() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            List<String> hr = rowOf("tcpstates", List.of("--raw", "--wide"), () -> {
                try (Socket c = new Socket(InetAddress.getByName("127.0.0.1"), port); Socket a = server.accept()) {
                    c.getOutputStream().write(1);
                }
                return Integer.toString(port);
            }, ".*\\s0\\s+CAUSED\\s.*");
            // the whole address: wider than its column, the cells after it move right and are read in order
            assertTrue(hr.get(1).startsWith("[0,0,0,0,0,0,0,0,0,0,255,255,127,0,0,1] "), hr.get(1));
            assertTrue(hr.get(1).matches(".*\\s7\\s+2\\s+10\\s+0\\s+" + port + "\\s.*"), hr.get(1));
        }
    }

    @Test
    void mountsnoopNamesItsOp() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        try {
            List<String> hr = rowOf("mountsnoop", List.of(), () -> {
                LibbpfTool.run("mount", "-t", "tmpfs", "ecli-table-src", dir.toString());
                return "";
            }, ".*ecli-table-src.*");
            // DEST, a char[4096], is cut at 24 with …, so the op's name is under its heading too
            String dest = dir.toString().length() <= TableSink.TEXT_CAP ? dir.toString()
                    : dir.toString().substring(0, TableSink.TEXT_CAP - 1) + "…";
            aligned(hr, "RET=0", "FS=tmpfs", "SRC=ecli-table-src", "DEST=" + dest, "OP=MOUNT");
        } finally {
            LibbpfTool.run("umount", dir.toString());
        }
    }
}
