package dev.ecli.runner.attach;

import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamRefs;
import dev.ecli.runner.pkg.AttachSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the manifest's {@code programs.NAME.attach} into one strategy per program, with
 * {@code ${param}} references replaced by this run's values, and {@link AutoAttach} for every
 * other program. Also gives a default to sections libbpf cannot attach by itself: a
 * {@code perf_event} program samples cpu-clock at 49 Hz on every CPU.
 */
public final class AttachPlan {
    private AttachPlan() {}

    /** The attach types a manifest may name. */
    public static final List<String> TYPES = List.of("uprobe", "uretprobe", "usdt", "xdp", "tc", "perf_event",
            AttachSpec.MANUAL);

    /**
     * The strategies for an object's programs, most specific first, {@link AutoAttach} last.
     * @param programs what the manifest says about programs, by name
     * @param sections every program of the object: name to ELF section, in ELF order
     * @param param    a parameter's text on this run, by variable name; empty when there is no such parameter
     * @throws PackageException when the manifest's attach does not fit the program's section or
     *                          names a parameter that does not exist
     * @throws ParamException   when a parameter's value does not fit where it is used (e.g. a process id)
     */
    public static List<AttachStrategy> strategies(Map<String, Program> programs, Map<String, String> sections,
                                                  Function<String, Optional<String>> param)
            throws PackageException, ParamException {
        List<AttachStrategy> out = new ArrayList<>();
        for (Map.Entry<String, String> e : sections.entrySet()) {
            String name = e.getKey();
            Program declared = programs.get(name);
            // No attach in the manifest: one strategy from the section alone (a null spec).
            List<AttachSpec> specs = declared == null || declared.attach() == null
                    ? Collections.singletonList(null) : declared.attachments();
            List<AttachStrategy> each = new ArrayList<>();
            for (AttachSpec spec : specs) {
                String problem = problem(spec, e.getValue(), name);
                if (problem != null) {
                    throw new PackageException(problem);
                }
                String type = type(spec, e.getValue());
                if (type != null) {
                    each.add(strategy(name, type, spec == null ? AttachSpec.ofTarget("") : spec, e.getValue(),
                            new Resolver(name, param)));
                }
            }
            if (each.size() == 1) {
                out.add(each.getFirst());
            } else if (!each.isEmpty()) {
                out.add(new MultiAttach(name, each));
            }
        }
        out.add(IterAttach.toStdout());
        out.add(AutoAttach.INSTANCE);
        return out;
    }

    /**
     * What is wrong with a program's attach in the manifest, whatever the parameters' values,
     * or null: the type must fit the section, and the settings it needs must be there.
     * @param spec the manifest's attach, or null when it has none
     */
    public static String problem(AttachSpec spec, String section, String program) {
        String family = family(section);
        String type = type(spec, section);
        String where = "programs." + program + ".attach";
        if (type == null && spec != null) {
            return where + ": program " + program + " (SEC " + section + ") is attached by its section; only"
                    + " 'manual' or an attach type applies to it";
        }
        if (type == null || type.equals(AttachSpec.MANUAL)) {
            return null;
        }
        boolean kprobeType = family.matches("u(ret)?probe(\\.s)?|k(ret)?probe");
        boolean fits = switch (type) {
            case "uprobe", "uretprobe" -> kprobeType;
            case "usdt" -> family.equals("usdt");
            case "xdp" -> family.startsWith("xdp");
            case "tc" -> family.equals("tc") || family.equals("classifier");
            case "perf_event" -> family.equals("perf_event");
            default -> false;
        };
        if (!fits) {
            return where + ": attach type " + type + " does not fit program " + program + " in section " + section
                    + " (it needs SEC(\"" + type + "\"))";
        }
        boolean hasTarget = spec != null && spec.target() != null && !spec.target().isEmpty();
        switch (type) {
            case "uprobe", "uretprobe" -> {
                boolean inSection = section.contains("/") && !section.endsWith("/");
                if (!inSection && !hasTarget && (spec == null || spec.binary() == null)) {
                    return where + ": program " + program + " (SEC " + section + ") needs a binary and a symbol:"
                            + " add attach: {binary: ..., symbol: ...}";
                }
                if (hasTarget && !spec.target().contains(":")) {
                    return where + ": '" + spec.target() + "' is not BINARY:SYMBOL";
                }
            }
            case "usdt" -> {
                boolean inSection = section.contains("/");
                boolean complete = spec != null && spec.binary() != null && spec.provider() != null
                        && spec.probe() != null;
                if (!inSection && !complete && !(hasTarget && spec.target().split(":").length == 3)) {
                    return where + ": program " + program + " (SEC " + section + ") needs a binary, a provider and"
                            + " a probe: add attach: {binary: ..., provider: ..., probe: ...}";
                }
            }
            case "xdp", "tc" -> {
                if (!hasTarget && (spec == null || spec.iface() == null)) {
                    return where + ": program " + program + " (SEC " + section + ") needs a network interface:"
                            + " add attach: {interface: NAME} (e.g. interface: ${ifname} with a char ifname[16] param)";
                }
            }
            default -> { }
        }
        return null;
    }

    /** Every {@code ${name}} an attach spec uses. */
    public static List<String> references(AttachSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String s : new String[] {spec.target(), spec.binary(), spec.symbol(), spec.offset(), spec.process(),
                spec.provider(), spec.probe(), spec.iface(), spec.frequency(), spec.period()}) {
            out.addAll(ParamRefs.names(s));
        }
        return out;
    }

    /** The attach type: the manifest's, else what the section implies; null: libbpf attaches by section. */
    static String type(AttachSpec spec, String section) {
        if (spec != null && spec.type() != null) {
            return spec.type();
        }
        String family = family(section);
        String implied = switch (family) {
            case "uprobe", "uprobe.s" -> "uprobe";
            case "uretprobe", "uretprobe.s" -> "uretprobe";
            case "usdt" -> "usdt";
            case "tc", "classifier" -> "tc";
            case "perf_event" -> "perf_event";
            default -> family.startsWith("xdp") ? "xdp" : null;
        };
        if (spec == null) {
            // Sections that carry their whole target are libbpf's to attach.
            boolean complete = section.contains("/") && (implied == null || !implied.equals("xdp") && !implied.equals("tc"));
            return complete ? null : implied;
        }
        return implied;
    }

    static String family(String section) {
        int slash = section.indexOf('/');
        return slash < 0 ? section : section.substring(0, slash);
    }

    private static AttachStrategy strategy(String name, String type, AttachSpec spec, String section, Resolver r)
            throws PackageException, ParamException {
        switch (type) {
            case AttachSpec.MANUAL -> {
                return new ManualAttach(name);
            }
            case "uprobe", "uretprobe" -> {
                String binary;
                String symbol;
                long offset = 0;
                if (spec.binary() != null || spec.target() == null || spec.target().isEmpty()) {
                    String fromSection = section.contains("/") ? section.substring(section.indexOf('/') + 1) : "";
                    binary = spec.binary() != null ? r.text("binary", spec.binary())
                            : fromSection.substring(0, Math.max(fromSection.lastIndexOf(':'), 0));
                    symbol = spec.symbol() != null ? r.text("symbol", spec.symbol())
                            : fromSection.contains(":") ? fromSection.substring(fromSection.lastIndexOf(':') + 1) : null;
                } else {
                    String t = r.text("attach", spec.target());
                    int colon = t.lastIndexOf(':');
                    binary = t.substring(0, Math.max(colon, 0));
                    symbol = t.substring(colon + 1);
                }
                if (symbol != null && symbol.contains("+")) {
                    offset = parseLong("symbol", symbol.substring(symbol.indexOf('+') + 1), r);
                    symbol = symbol.substring(0, symbol.indexOf('+'));
                }
                if (spec.offset() != null) {
                    offset = r.number("offset", spec.offset());
                }
                if (symbol != null && symbol.isEmpty()) {
                    symbol = null;
                }
                int process = spec.process() == null ? -1 : (int) r.number("process", spec.process());
                return new UprobeAttach(name, type.equals("uretprobe"), resolveBinary(binary), symbol, offset,
                        process <= 0 ? -1 : process);
            }
            case "usdt" -> {
                String binary, provider, probe;
                if (spec.binary() != null) {
                    binary = r.text("binary", spec.binary());
                    provider = r.text("provider", spec.provider());
                    probe = r.text("probe", spec.probe());
                } else {
                    String t = spec.target() != null && !spec.target().isEmpty() ? r.text("attach", spec.target())
                            : section.substring(section.indexOf('/') + 1);
                    String[] parts = t.split(":");
                    if (parts.length != 3) {
                        throw new PackageException("programs." + name + ".attach: '" + t + "' is not BINARY:PROVIDER:PROBE");
                    }
                    binary = parts[0];
                    provider = parts[1];
                    probe = parts[2];
                }
                int process = spec.process() == null ? -1 : (int) r.number("process", spec.process());
                return new UsdtAttach(name, process <= 0 ? -1 : process, resolveBinary(binary), provider, probe);
            }
            case "xdp" -> {
                return new XdpAttach(name, r.text("interface", spec.iface() != null ? spec.iface() : spec.target()));
            }
            case "tc" -> {
                return new TcAttach(name, r.text("interface", spec.iface() != null ? spec.iface() : spec.target()),
                        "egress".equals(spec.direction()));
            }
            case "perf_event" -> {
                String event = spec.event() == null ? "cpu-clock" : spec.event();
                if (spec.period() != null) {
                    return new PerfEventAttach(name, event, false, r.positive("period", spec.period()));
                }
                long freq = spec.frequency() == null ? PerfEventAttach.DEFAULT_FREQUENCY
                        : r.positive("frequency", spec.frequency());
                return new PerfEventAttach(name, event, true, freq);
            }
            default -> throw new PackageException("programs." + name + ".attach: unknown type '" + type
                    + "' (known: " + String.join(", ", TYPES) + ")");
        }
    }

    private static long parseLong(String what, String text, Resolver r) throws PackageException, ParamException {
        return r.number(what, text);
    }

    /**
     * A binary for uprobes: a path must exist; a bare name is looked up in PATH, and when not
     * found there is left to libbpf, which finds libraries such as {@code libc.so.6}.
     */
    static String resolveBinary(String binary) throws PackageException {
        if (binary.contains("/")) {
            return binary;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, binary);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return binary;
    }

    /** Replaces {@code ${name}} with parameter values for one program's settings. */
    private record Resolver(String program, Function<String, Optional<String>> param) {
        String text(String key, String raw) throws PackageException, ParamException {
            if (raw == null) {
                throw new PackageException("programs." + program + ".attach: missing '" + key + "'");
            }
            String out;
            try {
                out = ParamRefs.substitute(raw, param);
            } catch (ParamRefs.Unknown u) {
                throw new PackageException("programs." + program + ".attach." + key + " names ${" + u.name()
                        + "}, which is not a parameter of the package");
            }
            if (out.isEmpty() && raw.contains("${")) {
                throw new ParamException("programs." + program + ".attach." + key + ": " + raw
                        + " is empty on this run; give the parameter a value (see 'ecli-java run PACKAGE --help')");
            }
            if (out.isEmpty()) {
                throw new PackageException("programs." + program + ".attach." + key + " is empty");
            }
            return out;
        }

        /** A number above zero: a sampling frequency or period of 0 samples nothing. */
        long positive(String key, String raw) throws PackageException, ParamException {
            long n = number(key, raw);
            if (n <= 0) {
                throw new ParamException("programs." + program + ".attach." + key + ": " + n
                        + (raw.contains("${") ? " (from " + raw + ")" : "") + " must be above 0");
            }
            return n;
        }

        long number(String key, String raw) throws PackageException, ParamException {
            String t = text(key, raw).strip();
            try {
                return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new ParamException("programs." + program + ".attach." + key + ": '" + t + "'"
                        + (raw.contains("${") ? " (from " + raw + ")" : "") + " is not a number");
            }
        }
    }
}
