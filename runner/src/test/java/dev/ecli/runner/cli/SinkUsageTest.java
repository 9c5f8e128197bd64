package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A bad --sink URI is one line on stderr and exit code 2, before anything is loaded. */
class SinkUsageTest {
    private static final String PKG = RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();

    private static void rejects(String uri, String message) throws Exception {
        try (RunnerProcess r = RunnerProcess.start("run", PKG, "--sink", uri)) {
            assertEquals(ExitCodes.USAGE, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(List.of("ecli-java: --sink " + uri + ": " + message), r.stderr);
            assertEquals(List.of(), r.allStdout);
        }
    }

    @Test
    void badUrisAreUsageErrors() throws Exception {
        rejects("otlp://collector:4317/logs", "unknown scheme 'otlp' (supported: kafka://HOST:PORT/TOPIC)");
        rejects("kafka://broker/events", "server 'broker' has no port (HOST:PORT)");
        rejects("kafka://broker:9092/events?queue=lots", "queue must be a number from 1 to 10000000, got 'lots'");
        // .invalid never resolves (RFC 2606)
        rejects("kafka://no-such-host.invalid:9092/events", "cannot resolve host 'no-such-host.invalid'");
    }
}
