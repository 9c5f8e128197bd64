package dev.ecli.runner.validate;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.CPrinter;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.objinfo.Values;
import java.util.List;
import java.util.Locale;

/** The kind each manifest name must have in the object, and the words for when it has another. */
final class Kinds {
    /** The sections whose variables a param may set. */
    static final List<String> PARAM_SECTIONS = List.of(".rodata", ".bss", ".data");

    private Kinds() {}

    /** Ring buffers and perf event arrays carry events to user space. */
    static boolean isEventMap(int type) {
        return MapType.carriesEvents(type);
    }

    static String mapType(int type) {
        return MapType.name(type);
    }

    /**
     * Why {@code name} cannot be an exported struct of the object, or null when it can: a struct
     * or union, or a typedef of one, defined (not only declared) in its BTF.
     */
    static String structProblem(Btf btf, String name, String object) {
        List<BtfType> all = btf.findAll(name);
        for (BtfType t : all) {
            if (t instanceof BtfType.Composite) {
                return null;
            }
        }
        for (BtfType t : all) {
            if (t instanceof BtfType.Typedef td) {
                try {
                    BtfType target = btf.resolve(td.id());
                    if (target instanceof BtfType.Composite) {
                        return null;
                    }
                    return "'" + name + "' is a typedef of " + CPrinter.typeName(btf, td.typeId()) + ", not a struct";
                } catch (BtfFormatException e) {
                    return "typedef '" + name + "' in " + object + " cannot be resolved: " + e.getMessage();
                }
            }
        }
        List<String> structs = btf.findAll(BtfKind.STRUCT).stream().map(BtfType::name)
                .filter(n -> n != null && !n.isEmpty()).distinct()
                // Kernel types outnumber the package's own: the likeliest first.
                .sorted(java.util.Comparator.comparingInt(n -> Candidates.distance(name, n))).toList();
        String close = Candidates.closest(name, structs);
        if (all.isEmpty() && close != null) {
            return "no struct '" + name + "' in the BTF of " + object + " " + Candidates.of(name, "structs", structs);
        }
        // build keeps a header's structs; one defined only in the .bpf.c is dropped when unused
        String keep = "; define it in a header the .bpf.c includes ('ecli-java build' keeps a header's structs in"
                + " BTF), or add 'const volatile struct " + name + " *unused_" + name
                + " __attribute__((unused));' to the source";
        for (BtfType t : all) {
            if (t instanceof BtfType.Fwd) {
                return "struct '" + name + "' is only declared in the BTF of " + object + ", not defined" + keep;
            }
        }
        if (!all.isEmpty()) {
            return "'" + name + "' in the BTF of " + object + " is " + article(all.getFirst().kind()) + ", not a struct";
        }
        return "no struct '" + name + "' in the BTF of " + object + " " + Candidates.of(name, "structs", structs)
                + keep;
    }

    /**
     * Why {@code name} cannot be a param, or null when it can: a global variable of a settable
     * type in {@code .rodata}, {@code .bss} or {@code .data}.
     */
    static String paramProblem(ObjectSpec facts, String name, String object) {
        ObjectSpec.Variable found = null;
        for (ObjectSpec.Variable v : facts.variables()) {
            if (v.name().equals(name) && (found == null || PARAM_SECTIONS.contains(v.section()))) {
                found = v;
            }
        }
        if (found == null) {
            if (facts.program(name).isPresent()) {
                return "'" + name + "' is a program of " + object + ", not a variable";
            }
            List<String> vars = facts.variables().stream().filter(v -> PARAM_SECTIONS.contains(v.section())
                    && v.linkage() == 1).map(ObjectSpec.Variable::name).filter(n -> !n.startsWith("__ecli_keep_"))
                    .toList();
            return "no global variable '" + name + "' in .rodata, .bss or .data of " + object + " "
                    + Candidates.of(name, "variables", vars);
        }
        if (!PARAM_SECTIONS.contains(found.section())) {
            return "'" + name + "' is in section " + found.section() + ", not .rodata, .bss or .data;"
                    + " a param must be a global variable";
        }
        if (found.linkage() != 1) {
            return "'" + name + "' is a static variable; a param must be a global one";
        }
        if (!Values.settable(facts.btf(), found.typeId())) {
            return "'" + name + "' has type " + CPrinter.typeName(facts.btf(), found.typeId())
                    + ", which no option can set (bool, integers, enums and char arrays can be set)";
        }
        return null;
    }

    private static String article(BtfKind kind) {
        String k = kind.name().toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(k.charAt(0)) >= 0 ? "an " : "a ") + k;
    }
}
