package dev.ecli.runner.libbpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns known kernel refusals into advice for the one-line error: a missing kprobe subsystem,
 * kernel lockdown, a missing tracepoint, a verifier rejection.
 */
final class LoadHints {
    private static final int EPERM = 1, ENOENT = 2, EACCES = 13, EINVAL = 22, EOPNOTSUPP = 95, ENOTSUPP = 524;
    private static final String KPROBE_FAMILIES = "k(ret)?probe|k(ret)?syscall|k(ret)?probe\\.multi";
    private static final String TRACING_FAMILIES = "fentry|fexit|fmod_ret|fentry\\.s|fexit\\.s|fmod_ret\\.s|lsm|lsm\\.s";

    private LoadHints() {}

    /** A hint starting with "; ", or "" when there is nothing useful to add. */
    static String hint(String section, int errno, String log) {
        String family = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        if (errno == ENOENT && family.matches(KPROBE_FAMILIES)) {
            return kprobesPresent() ? "; no such kernel function (see /proc/kallsyms)"
                    : "; kernel built without CONFIG_KPROBES? use a tracepoint (tp/...) or fentry/... instead";
        }
        if (errno == ENOENT && family.matches("tp|tracepoint")) {
            return "; no such tracepoint (see /sys/kernel/tracing/events/)";
        }
        if (errno == EPERM && family.matches(TRACING_FAMILIES)) {
            String lockdown = lockdown();
            return "; the kernel refuses " + family + " programs" + (lockdown == null ? "" : " under lockdown ("
                    + lockdown + ")") + ": use tp/... or raw_tp/... instead";
        }
        if ((errno == ENOTSUPP || errno == EOPNOTSUPP) && !family.isEmpty()) {
            return "; this kernel or libbpf cannot attach " + family + " programs this way";
        }
        if ((errno == EACCES || errno == EINVAL) && log.contains("BEGIN PROG LOAD LOG")) {
            return "; the verifier rejected it: " + lastMeaningfulLine(log) + " (run with -v for the full log)";
        }
        return "";
    }

    /** The verifier's last line that explains something (skipping summaries and libbpf's own lines). */
    static String lastMeaningfulLine(String log) {
        String[] lines = log.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("processed ") || l.startsWith("libbpf:") || l.startsWith("-- END")
                    || l.startsWith("verification time")) {
                continue;
            }
            return l.length() > 200 ? l.substring(0, 200) + "..." : l;
        }
        return "see -v";
    }

    /** Whether the kernel has kprobes: the perf PMU or the legacy tracefs interface. */
    private static boolean kprobesPresent() {
        return Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"))
                || Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"))
                || Files.exists(Path.of("/sys/kernel/debug/tracing/kprobe_events"));
    }

    /** The active lockdown mode, e.g. "integrity", or null when unknown or none. */
    private static String lockdown() {
        try {
            String s = Files.readString(Path.of("/sys/kernel/security/lockdown"));
            int a = s.indexOf('[');
            int b = s.indexOf(']');
            String mode = a >= 0 && b > a ? s.substring(a + 1, b) : null;
            return "none".equals(mode) ? null : mode;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
