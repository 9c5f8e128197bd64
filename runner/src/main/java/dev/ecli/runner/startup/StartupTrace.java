package dev.ecli.runner.startup;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Start-up phases on stderr, for the benchmarks: with {@code ECLI_STARTUP_TRACE} set, each
 * {@link #mark} prints {@code ecli-java: startup +T ms PHASE}, T counted from the time in the
 * variable (a launcher's {@code $EPOCHREALTIME}, seconds with a fraction) or, when it holds no
 * number, from the first mark. Off, a mark is one volatile read.
 */
public final class StartupTrace {
    private static final double ORIGIN_MICROS = origin(System.getenv("ECLI_STARTUP_TRACE"));
    private static volatile boolean on = !Double.isNaN(ORIGIN_MICROS);
    private static double firstMicros = Double.NaN;

    private StartupTrace() {}

    private static double origin(String v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v) * 1e6;
        } catch (NumberFormatException e) {
            return -1; // from the first mark
        }
    }

    /** Whether marks print (until {@link #last}). */
    public static boolean on() {
        return on;
    }

    /** Prints the time to {@code phase}, when tracing. */
    public static void mark(String phase) {
        if (on) {
            print(phase);
        }
    }

    /** Marks {@code phase} and stops tracing: later marks print nothing. */
    public static void last(String phase) {
        if (on) {
            print(phase);
            on = false;
        }
    }

    private static synchronized void print(String phase) {
        Instant now = Instant.now();
        double micros = now.getEpochSecond() * 1e6 + now.getNano() / 1e3;
        if (Double.isNaN(firstMicros)) {
            firstMicros = micros;
        }
        double from = ORIGIN_MICROS >= 0 ? ORIGIN_MICROS : firstMicros;
        PrintStream err = System.err;
        err.printf("ecli-java: startup +%.1f ms %s [%s]%n", (micros - from) / 1e3, phase,
                Thread.currentThread().getName());
    }
}
