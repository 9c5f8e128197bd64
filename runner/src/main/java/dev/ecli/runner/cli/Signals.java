package dev.ecli.runner.cli;

import dev.ecli.runner.loop.StopReason;
import dev.ecli.runner.loop.StopSignal;
import dev.ecli.runner.sys.Libc;
import sun.misc.Signal;

/**
 * SIGINT, SIGTERM and SIGHUP (a closed terminal or ssh session) ask the run to stop (so links are detached and output flushed) instead of
 * killing the JVM. A second signal exits at once: the kernel still frees every BPF object
 * when our file descriptors close. Also when the signal was ignored at startup.
 */
final class Signals {
    private Signals() {}

    static void onInterrupt(StopSignal stop) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            // The JVM leaves a signal alone that was ignored when it started (a tracer started
            // with '&' from a script): kill -INT would then do nothing.
            Libc.unignore(new Signal(name).getNumber());
            Signal.handle(new Signal(name), received -> {
                if (stop.stopped()) {
                    Runtime.getRuntime().halt(128 + received.getNumber());
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
