package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad metrics declaration or --metrics address is one clear line on stderr and the exit code
 * of its kind, before anything is loaded (no root needed).
 */
class MetricsDeclarationTest {
    private static final Path EXAMPLE = RunnerProcess.repoRoot().resolve("examples/exitstats");

    /** examples/exitstats with one line of its manifest replaced. */
    private static Path edited(Path dir, String line, String replacement) throws Exception {
        Files.copy(EXAMPLE.resolve("exitstats.bpf.o"), dir.resolve("exitstats.bpf.o"));
        String manifest = Files.readString(EXAMPLE.resolve("package.yaml"));
        assertTrue(manifest.contains(line), line);
        Files.writeString(dir.resolve("package.yaml"), manifest.replace(line, replacement));
        return dir;
    }

    private static String oneLine(int code, String... args) throws Exception {
        try (RunnerProcess r = RunnerProcess.start(args)) {
            assertEquals(code, r.waitFor(), "stderr: " + r.stderr + " stdout: " + r.allStdout);
            List<String> lines = List.copyOf(r.stderr);
            assertEquals(1, lines.size(), "one line: " + lines);
            assertFalse(lines.getFirst().contains("Exception"), lines.getFirst());
            return lines.getFirst();
        }
    }

    @Test
    void aValueFieldTheMapDoesNotHave(@TempDir Path dir) throws Exception {
        Path pkg = edited(dir, "    value: n_exited\n", "    value: exits\n");
        String message = "metrics.process_exits.value: the value has no field 'exits' (its fields: n_exited,"
                + " last_age_ms)";
        assertEquals("ecli-java: " + message, oneLine(ExitCodes.PACKAGE, "run", pkg.toString(), "--metrics",
                "127.0.0.1:1"));
        assertEquals("ecli-java: " + message, oneLine(ExitCodes.PACKAGE, "run", pkg.toString()),
                "checked without --metrics too");
        // validate points at the line: 'value: exits' is line 22, its value at column 12.
        assertEquals(pkg.resolve("package.yaml") + ":22:12: " + message,
                oneLine(ExitCodes.PACKAGE, "validate", pkg.toString()));
    }

    @Test
    void anUnknownTypeIsASchemaError(@TempDir Path dir) throws Exception {
        Path pkg = edited(dir, "    type: gauge\n", "    type: summary\n");
        String line = oneLine(ExitCodes.PACKAGE, "run", pkg.toString());
        assertTrue(line.matches("ecli-java: .*package\\.yaml:\\d+:\\d+: 'metrics\\.process_last_age_ms\\.type' must be"
                + " one of counter, gauge, histogram, got 'summary'"), line);
    }

    @Test
    void aBadOrBusyAddressIsAUsageError() throws Exception {
        assertEquals("ecli-java: --metrics '9435' is not HOST:PORT or :PORT",
                oneLine(ExitCodes.USAGE, "run", EXAMPLE.toString(), "--metrics", "9435"));
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String line = oneLine(ExitCodes.USAGE, "run", EXAMPLE.toString(), "--metrics",
                    "127.0.0.1:" + busy.getLocalPort());
            assertTrue(line.startsWith("ecli-java: --metrics 127.0.0.1:" + busy.getLocalPort() + ": cannot listen: "),
                    line);
        }
    }
}
