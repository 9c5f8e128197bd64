package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.libbpf.KernelProbe;
import dev.ecli.runner.pkg.AttachSpec;
import dev.ecli.runner.pkg.Program;
import dev.ecli.runner.sys.KernelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature probe run before load: for each program, whether this kernel offers its kind of
 * hook at all, so that a missing one is named up front (which program, which section, what the
 * kernel lacks, what to use instead) rather than surfacing as an errno from deep in libbpf.
 * kprobes and uprobes are looked for where libbpf looks (the perf PMU, else tracefs); the
 * tracing kinds (fentry, fexit, fmod_ret, lsm, tp_btf, iter) are probed by loading an empty
 * program of that kind.
 */
public final class KernelSupport {
    private static final int ENOTSUP = 95;
    /** bpf_prog_type and bpf_attach_type numbers the probes use. */
    private static final int PROG_TRACING = 26, PROG_LSM = 29;
    private static final int TRACE_RAW_TP = 23, TRACE_FENTRY = 24, TRACE_FEXIT = 25, MODIFY_RETURN = 26, LSM_MAC = 27,
            TRACE_ITER = 28;
    private static final String INSTEAD = "use a tracepoint (tp/...), raw_tp/... or tp_btf/... instead";

    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static final Path DEBUG_TRACEFS = Path.of("/sys/kernel/debug/tracing");

    private final Map<String, String> cache = new HashMap<>();

    /**
     * Checks every autoload program of an opened (not yet loaded) object.
     * @throws BpfException for the first program this kernel cannot run or attach, in ELF order
     */
    public static void check(BpfObject object) throws BpfException {
        check(object, Map.of());
    }

    /**
     * As {@link #check(BpfObject)}, for programs the manifest attaches otherwise than their
     * section says: a {@code kprobe} section attached as a uprobe needs uprobes, not kprobes.
     * @param programs the manifest's programs, by name
     */
    public static void check(BpfObject object, Map<String, Program> programs) throws BpfException {
        KernelSupport k = new KernelSupport();
        for (BpfProgram p : object.programs()) {
            if (!p.autoload()) {
                continue;
            }
            Program declared = programs.get(p.name());
            String type = declared == null ? null : AttachPlan.type(declared.attach(), p.section());
            boolean probeByManifest = type != null && declared.attach() != null && !type.equals(AttachSpec.MANUAL);
            String missing = k.missing(probeByManifest ? type : p.section());
            if (missing != null) {
                throw new BpfException("program " + p + ": " + missing, ENOTSUP, "");
            }
        }
    }

    /** Why this kernel cannot run programs of this section, with what to use instead; null when it can. */
    public String missing(String section) {
        String family = AttachPlan.family(section);
        return cache.computeIfAbsent(family, KernelSupport::probe);
    }

    /**
     * Why this kernel cannot run this very program, or null when it can: the kind of hook as
     * {@link #missing}, and for tracepoints (tp/, tracepoint/, raw_tp/, tp_btf/) the event
     * itself, which older or differently built kernels lack. The probe behind a C frontend's
     * choice between a program and its fallback.
     */
    public String missingHook(String section) {
        String kind = missing(section);
        if (kind != null) {
            return kind;
        }
        String family = AttachPlan.family(section);
        String target = section.indexOf('/') < 0 ? "" : section.substring(section.indexOf('/') + 1);
        return switch (family) {
            case "tp", "tracepoint" -> target.isEmpty() || tracepoint(target) ? null
                    : "this kernel has no tracepoint " + target;
            case "raw_tp", "raw_tracepoint", "tp_btf" -> target.isEmpty() || rawTracepoint(target) ? null
                    : "this kernel has no tracepoint named " + target;
            default -> null;
        };
    }

    private static boolean tracepoint(String categoryAndName) {
        return Files.isDirectory(TRACEFS.resolve("events").resolve(categoryAndName))
                || Files.isDirectory(DEBUG_TRACEFS.resolve("events").resolve(categoryAndName));
    }

    /** A raw tracepoint is named without its category: any category's event of that name. */
    private static boolean rawTracepoint(String name) {
        for (Path root : List.of(TRACEFS, DEBUG_TRACEFS)) {
            try (var categories = Files.list(root.resolve("events"))) {
                if (categories.anyMatch(c -> Files.isDirectory(c.resolve(name)))) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // not mounted here: try the other
            }
        }
        return false;
    }

    private static String probe(String family) {
        return switch (family) {
            case "kprobe.multi", "kretprobe.multi" -> KernelConfig.enabled("CONFIG_FPROBE").orElse(true)
                    ? probe("kprobe") : "this kernel cannot attach kprobe.multi programs (built without CONFIG_FPROBE); "
                    + INSTEAD;
            case "kprobe", "kretprobe", "ksyscall", "kretsyscall" ->
                    exists("kprobe") ? null : "this kernel has no kprobes (built without CONFIG_KPROBES: neither"
                            + " /sys/bus/event_source/devices/kprobe nor kprobe_events in tracefs); " + INSTEAD;
            case "uprobe", "uretprobe", "uprobe.s", "uretprobe.s", "usdt" ->
                    exists("uprobe") ? null : "this kernel has no uprobes (built without CONFIG_UPROBE_EVENTS)";
            case "fentry", "fentry.s" -> tracing(family, PROG_TRACING, TRACE_FENTRY, INSTEAD);
            case "fexit", "fexit.s" -> tracing(family, PROG_TRACING, TRACE_FEXIT, INSTEAD);
            case "fmod_ret", "fmod_ret.s" -> tracing(family, PROG_TRACING, MODIFY_RETURN, INSTEAD);
            case "lsm", "lsm.s" -> tracing(family, PROG_LSM, LSM_MAC,
                    "use a tracepoint (tp/...) on the syscall instead, which observes but cannot deny");
            case "tp_btf" -> tracing(family, PROG_TRACING, TRACE_RAW_TP, "use raw_tp/... or tp/... instead");
            case "iter", "iter.s" -> tracing(family, PROG_TRACING, TRACE_ITER, "read /proc instead");
            default -> null;
        };
    }

    private static String tracing(String family, int progType, int attachType, String instead) {
        int errno = KernelProbe.refusal(progType, attachType);
        if (errno == 0) {
            return null;
        }
        String lockdown = lockdown();
        String why = errno == 1 ? "loading one fails with EPERM even as root"
                + (lockdown != null ? ", kernel lockdown is " + lockdown : "") : "loading one fails with errno " + errno;
        return "this kernel refuses " + family + " programs (" + why + "); " + instead;
    }

    /** Whether the kernel offers kprobe or uprobe events: its perf PMU, or the legacy tracefs file. */
    private static boolean exists(String kind) {
        return Files.exists(Path.of("/sys/bus/event_source/devices/" + kind))
                || Files.exists(Path.of("/sys/kernel/tracing/" + kind + "_events"))
                || Files.exists(Path.of("/sys/kernel/debug/tracing/" + kind + "_events"));
    }

    /** The active lockdown mode ("integrity"), or null when none or unknown. */
    private static String lockdown() {
        try {
            String s = Files.readString(Path.of("/sys/kernel/security/lockdown"));
            int a = s.indexOf('['), b = s.indexOf(']');
            String mode = a >= 0 && b > a ? s.substring(a + 1, b) : null;
            return "none".equals(mode) ? null : mode;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
