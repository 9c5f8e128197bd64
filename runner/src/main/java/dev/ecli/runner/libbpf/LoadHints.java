package dev.ecli.runner.libbpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns known kernel refusals into advice for the one-line error: a missing kprobe subsystem,
 * kernel lockdown, a missing tracepoint, a verifier rejection.
 */
final class LoadHints {
    private static final int EPERM = 1, ENOENT = 2, EACCES = 13, EINVAL = 22, ENOTSUPP = 524, EOPNOTSUPP = 95;

    private LoadHints() {}

    /** A hint starting with "; ", or "" when there is nothing useful to add. */
    static String hint(String section, int errno, String log) {
        String family = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        if (errno == ENOENT && family.matches("k(ret)?probe|ksyscall|kretsyscall|kprobe\\.multi|kretprobe\\.multi")) {
            return "; this kernel has no kprobes (built without CONFIG_KPROBES): use a tracepoint"
                    + " (tp/...), raw_tp/... or tp_btf/... instead";
        }
        if (errno == ENOENT && family.matches("tp|tracepoint")) {
            return "; no such tracepoint (see /sys/kernel/tracing/events/)";
        }
        if (errno == EPERM && family.matches("fentry|fexit|fmod_ret|lsm|lsm\\.s|fentry\\.s|fexit\\.s|iter\\.s")) {
            String lockdown = lockdown();
            return "; the kernel refuses " + family + " programs" + (lockdown == null ? ""
                    : " under lockdown (" + lockdown + ")") + ": use tp_btf/... or raw_tp/... instead";
        }
        if ((errno == ENOTSUPP || errno == EOPNOTSUPP) && !family.isEmpty()) {
            return "; this kernel does not support " + family + " programs";
        }
        if ((errno == EACCES || errno == EINVAL)
                && (log.contains("processed ") || log.contains("R0 ") || log.contains("invalid "))) {
            return "; the verifier rejected it: " + lastMeaningfulLine(log) + " (run with -v for the full log)";
        }
        return "";
    }

    /** The verifier's last line that explains something (skipping the summary lines). */
    static String lastMeaningfulLine(String log) {
        String[] lines = log.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("processed ") || l.startsWith("libbpf:") || l.startsWith("-- END")
                    || l.contains("failed to load object") || l.contains("failed to load program")) {
                continue;
            }
            return l.length() > 200 ? l.substring(0, 200) + "..." : l;
        }
        return "see -v";
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
