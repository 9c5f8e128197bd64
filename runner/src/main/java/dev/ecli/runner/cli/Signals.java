package dev.ecli.runner.cli;

import dev.ecli.runner.loop.StopReason;
import dev.ecli.runner.loop.StopSignal;
import dev.ecli.runner.sys.Libc;
import sun.misc.Signal;

/**
 * SIGINT, SIGTERM and SIGHUP (a closed terminal or ssh session) ask the run to stop (so links
 * are detached and output flushed) instead of killing the JVM. A second signal hurries the stop:
 * what the buffers still hold is left, what was decoded is written and the summary printed, and
 * the process halts anyway after {@link #HALT_AFTER_SECONDS}; a third exits at once. The kernel
 * still frees every BPF object when our file descriptors close. Also when the signal was
 * ignored at startup.
 */
final class Signals {
    /** How long a hurried stop may take before the process halts. */
    static final int HALT_AFTER_SECONDS = 10;

    private Signals() {}

    static void onInterrupt(StopSignal stop) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            // The JVM leaves a signal alone that was ignored when it started (a tracer started
            // with '&' from a script): kill -INT would then do nothing.
            Libc.unignore(new Signal(name).getNumber());
            Signal.handle(new Signal(name), received -> {
                int code = 128 + received.getNumber();
                if (stop.hurried()) {
                    Runtime.getRuntime().halt(code);
                }
                if (stop.stopped()) {
                    stop.hurry();
                    Thread.ofPlatform().daemon().name("halt-watchdog").start(() -> {
                        try {
                            Thread.sleep(HALT_AFTER_SECONDS * 1000L);
                        } catch (InterruptedException e) {
                            return;
                        }
                        Runtime.getRuntime().halt(code);
                    });
                    return;
                }
                stop.stop(switch (received.getName()) {
                    case "INT" -> StopReason.INTERRUPT;
                    case "HUP" -> StopReason.HANGUP;
                    default -> StopReason.TERMINATED;
                });
            });
        }
    }
}
