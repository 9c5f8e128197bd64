package dev.ecli.runner.cli;

import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.resolve.PackageSearch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ecli-java __complete WHAT -- ARGS...}: words for the shell completion script, one a
 * line, for what a static script cannot know: package names on the search path, and the
 * options a package adds to {@code run}. Prints nothing (exit 0) when it cannot tell.
 * <ul>
 *   <li>{@code packages [PREFIX]}: names {@code run NAME} finds</li>
 *   <li>{@code options PACKAGE [PREFIX]}: run's options and the package's parameter options</li>
 *   <li>{@code values PACKAGE OPTION [PREFIX]}: values of a parameter option (enumerators, booleans)</li>
 * </ul>
 */
@Command(name = "__complete", hidden = true,
        description = "Completion words for the shell completion script (internal).")
final class CompleteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHAT")
    String what;

    @Parameters(index = "1..*", paramLabel = "ARG")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<String> words = switch (what) {
                case "packages" -> packages();
                case "options" -> args.isEmpty() ? List.of() : options(args.get(0));
                case "values" -> args.size() < 2 ? List.of() : values(args.get(0), args.get(1));
                default -> List.of();
            };
            int prefixAt = switch (what) {
                case "packages" -> 0;
                case "options" -> 1;
                default -> 2;
            };
            String prefix = args.size() > prefixAt ? args.get(prefixAt) : "";
            for (String w : words) {
                if (w.startsWith(prefix)) {
                    out.println(w);
                }
            }
        } catch (Exception | LinkageError e) {
            // Completion offers what it can; an unreadable package offers nothing.
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<String> packages() {
        Set<String> names = new LinkedHashSet<>();
        for (PackageSearch.Found f : PackageSearch.fromEnvironment().list()) {
            names.add(f.name());
        }
        return new ArrayList<>(names);
    }

    private List<String> options(String pkg) throws Exception {
        List<String> out = new ArrayList<>();
        for (ParamSpec p : params(pkg)) {
            out.addAll(p.optionNames());
        }
        CommandSpec run = runSpec();
        for (OptionSpec o : run.options()) {
            if (!o.hidden()) {
                out.addAll(List.of(o.names()));
            }
        }
        return sortLongFirst(out);
    }

    /** Long names before short ones: the shell lists them as given, and a long name says more. */
    private static List<String> sortLongFirst(List<String> words) {
        List<String> out = new ArrayList<>(words.stream().filter(w -> w.startsWith("--")).toList());
        out.addAll(words.stream().filter(w -> !w.startsWith("--")).toList());
        return out;
    }

    private List<String> values(String pkg, String option) throws Exception {
        for (ParamSpec p : params(pkg)) {
            if (p.optionNames().contains(option)) {
                return switch (p.kind()) {
                    case ENUM -> new ArrayList<>(p.enumValues().keySet());
                    case BOOL -> p.cgroupMap() == null ? List.of("true", "false") : List.of();
                    default -> List.of();
                };
            }
        }
        return List.of();
    }

    private static List<ParamSpec> params(String pkg) throws Exception {
        PackageSpec spec = PackageLoader.load(PackageSearch.fromEnvironment().resolve(Path.of(pkg)));
        ObjectSpec parsed = spec.object();
        return ParamSpec.discover(parsed.btf(), parsed.elf(), spec.manifest());
    }

    private CommandSpec runSpec() {
        CommandLine run = spec.root().subcommands().get("run");
        return run.getCommandSpec();
    }
}
