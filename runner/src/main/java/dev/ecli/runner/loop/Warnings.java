package dev.ecli.runner.loop;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a run's warnings go (drops, short records, sinks' drops): one line each, prefixed
 * {@code ecli-java: }. {@link #stderr} writes to whatever {@link System#err} is at the time
 * (a status line replaces it while it runs); tests {@link #collecting} capture them.
 * Thread-safe when the target is.
 */
public final class Warnings {
    private final Consumer<String> target;

    private Warnings(Consumer<String> target) {
        this.target = target;
    }

    /** Warnings on standard error. */
    public static Warnings stderr() {
        return new Warnings(line -> System.err.println("ecli-java: " + line));
    }

    /** No warnings: for a replay, whose summary line counts what a run would warn about. */
    public static Warnings none() {
        return new Warnings(line -> { });
    }

    /** Warnings added to {@code lines}, without prefix. */
    public static Warnings collecting(List<String> lines) {
        return new Warnings(line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
    }

    /** One warning, e.g. {@code map M: 3 records dropped...}. */
    public void warn(String line) {
        target.accept(line);
    }
}
