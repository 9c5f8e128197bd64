package dev.ecli.runner.session;

import dev.ecli.runner.attach.KernelSupport;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.params.ParamRefs;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which programs of an object load, as a C frontend decides with {@code set_autoload} before
 * load: {@code programs.NAME.load} from the parameters (decided in the plan, no kernel needed),
 * then, on the opened object, each {@code fallback} chain's first program whose hook this kernel
 * has, and {@code optional} programs only when it has theirs.
 *
 * @param declined programs the parameters turn off
 */
public record ProgramChoice(Set<String> declined) {
    /**
     * Resolves each program's {@code load} with the parameters' values on this run.
     * @param param a parameter's text by name; empty for a name that is no parameter
     * @throws PackageException when {@code load} names no parameter or one whose value is not a bool
     */
    public static ProgramChoice of(Manifest manifest, Function<String, Optional<String>> param)
            throws PackageException {
        Set<String> declined = new LinkedHashSet<>();
        for (Map.Entry<String, Program> e : manifest.programs().entrySet()) {
            String load = e.getValue().load();
            if (load != null && !loads(e.getKey(), load.strip(), param)) {
                declined.add(e.getKey());
            }
        }
        return new ProgramChoice(Set.copyOf(declined));
    }

    /**
     * Mistakes in the manifest's program choices, one line each: an entry for a program the object
     * does not have ({@link #unknown}), a fallback naming no program of the object, a fallback chain that loops, a {@code load} naming no bool parameter.
     * @param programs the object's program names
     * @param boolParams parameters that are bools; other parameter names in {@code params}
     */
    public static List<String> problems(Manifest manifest, Set<String> programs, Set<String> boolParams,
                                        Set<String> params) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Program> e : manifest.programs().entrySet()) {
            String at = "programs." + e.getKey();
            Program p = e.getValue();
            if (!programs.contains(e.getKey())) {
                // A misspelt name would leave its settings (load, fallback, attach) silently unused.
                out.add(unknown(e.getKey(), programs));
                continue;
            }
            if (p.fallback() != null && !programs.contains(p.fallback())) {
                out.add(at + ".fallback: no program '" + p.fallback() + "' in the object");
            } else if (p.fallback() != null && chain(manifest, e.getKey()) == null) {
                out.add(at + ".fallback: the fallback chain from " + e.getKey() + " comes back to a program in it");
            }
            String wrong = p.load() == null ? null : ParamRefs.conditionProblem(at + ".load", p.load(), boolParams, params);
            if (wrong != null) {
                out.add(wrong);
            }
        }
        return out;
    }

    /** The problem of a {@code programs.NAME} entry for a program the object does not have. */
    public static String unknown(String name, Set<String> programs) {
        return "programs." + name + ": no program '" + name + "' in the object (its programs: "
                + String.join(", ", programs.stream().sorted().toList()) + ")";
    }

    /**
     * Turns off, on an opened object, every program this run does not load.
     * @throws BpfException when libbpf refuses to change a program's autoload
     */
    public void apply(BpfObject object, Manifest manifest, KernelSupport kernel) throws BpfException {
        Set<String> off = new HashSet<>(declined);
        Predicate<String> supported = name -> object.programs().stream().filter(p -> p.name().equals(name))
                .findFirst().map(p -> kernel.missingHook(p.section()) == null).orElse(false);
        Set<String> inChains = new HashSet<>();
        for (Map.Entry<String, Program> e : manifest.programs().entrySet()) {
            if (e.getValue().fallback() != null) {
                inChains.add(e.getValue().fallback());
            }
        }
        for (Map.Entry<String, Program> e : manifest.programs().entrySet()) {
            if (e.getValue().fallback() == null || inChains.contains(e.getKey())) {
                continue; // not the head of a chain
            }
            List<String> chain = chain(manifest, e.getKey());
            if (chain == null) {
                continue; // a loop: the plan refused it (problems)
            }
            List<String> candidates = chain.stream().filter(n -> !declined.contains(n)).toList();
            String chosen = candidates.stream().filter(supported).findFirst()
                    // none supported: keep the last so the missing hook is named, unless it may be left out
                    .orElse(candidates.isEmpty() || optional(manifest, candidates.getLast()) ? null
                            : candidates.getLast());
            chain.stream().filter(n -> !n.equals(chosen)).forEach(off::add);
        }
        for (Map.Entry<String, Program> e : manifest.programs().entrySet()) {
            if (e.getValue().optional() && !inChains.contains(e.getKey()) && e.getValue().fallback() == null
                    && !supported.test(e.getKey())) {
                off.add(e.getKey());
            }
        }
        for (BpfProgram p : object.programs()) {
            if (off.contains(p.name()) && p.autoload()) {
                p.setAutoload(false);
            }
        }
    }

    private static boolean optional(Manifest manifest, String program) {
        Program p = manifest.programs().get(program);
        return p != null && p.optional();
    }

    /** The chain from {@code head} through its fallbacks, or null when it loops. */
    private static List<String> chain(Manifest manifest, String head) {
        List<String> out = new ArrayList<>();
        for (String n = head; n != null; ) {
            if (out.contains(n)) {
                return null;
            }
            out.add(n);
            Program p = manifest.programs().get(n);
            n = p == null ? null : p.fallback();
        }
        return out;
    }

    private static boolean loads(String program, String load, Function<String, Optional<String>> param)
            throws PackageException {
        try {
            return ParamRefs.condition("programs." + program + ".load", load, param);
        } catch (ParamRefs.Invalid e) {
            throw new PackageException(e.getMessage());
        }
    }
}
