package dev.ecli.runner.cli;

import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.params.ReservedOptions;
import dev.ecli.runner.pkg.PackageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The options a package adds to {@code run}: one per parameter, built at run time from the
 * object's BTF, parsed from what the run command did not recognise.
 */
final class ParamOptions {
    private final List<ParamSpec> params;
    private final CommandSpec spec = CommandSpec.create();

    /**
     * @param taken option names the run command already uses
     * @throws PackageException when a parameter's option collides with one of them (the
     *                          manifest's mistake, which validate reports too)
     */
    ParamOptions(List<ParamSpec> params, Set<String> taken) throws PackageException {
        this.params = params;
        List<ReservedOptions.Clash> clashes = ReservedOptions.of(params, taken);
        if (!clashes.isEmpty()) {
            throw new PackageException(clashes.getFirst().message());
        }
        for (ParamSpec p : params) {
            OptionSpec.Builder b = OptionSpec.builder(p.optionNames().toArray(String[]::new))
                    .type(String.class)
                    .paramLabel(label(p))
                    .description(help(p));
            if (p.kind() == ParamSpec.Kind.BOOL && p.cgroupMap() == null) {
                b.arity("0..1").fallbackValue("true");
            } else {
                b.arity("1");
            }
            spec.addOption(b.build());
        }
    }

    private static String label(ParamSpec p) {
        if (p.cgroupMap() != null) {
            return "CGROUP";
        }
        return switch (p.kind()) {
            case BOOL -> "BOOL";
            case ENUM -> "NAME";
            case CHARS -> "TEXT";
            // a placeholder people read: PID for a pid_t, UID for a uid_t, else N (not __U64)
            case INT -> p.cType().contains("pid_t") ? "PID" : p.cType().contains("uid_t") ? "UID" : "N";
        };
    }

    private static String help(ParamSpec p) {
        String d = p.description() == null ? "Sets " + p.variable() + "." : p.description();
        if (p.cgroupMap() != null) {
            return d + " (" + p.typeHint() + ")";
        }
        return d + " (" + p.typeHint() + "; default: " + (p.defaultText().isEmpty() ? "\"\"" : p.defaultText()) + ")";
    }

    /**
     * Parses the leftover arguments as parameter options.
     * @throws UsageException for an unknown option or a stray argument
     * @throws ParamException for a value that does not fit its type
     */
    ParamValues parse(List<String> args) throws UsageException, ParamException {
        ParamValues values = ParamValues.withDefaults(params);
        if (args.isEmpty()) {
            return values;
        }
        CommandLine cl = new CommandLine(spec);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage() + (params.isEmpty() ? " (this package has no parameters)"
                    : "; see 'ecli-java run PACKAGE --help'"));
        }
        for (ParamSpec p : params) {
            OptionSpec o = spec.findOption(p.optionNames().getLast());
            String v = o.getValue();
            if (v != null) {
                values.set(p, v);
            }
        }
        return values;
    }

    /** Help lines for the package's parameters. */
    String usage() {
        if (params.isEmpty()) {
            return "";
        }
        CommandLine cl = new CommandLine(spec);
        cl.getCommandSpec().usageMessage().showDefaultValues(false).sortOptions(false);
        return cl.getHelp().optionList();
    }

    /** Every option name in {@code cmd}, to keep package options from shadowing them. */
    static Set<String> namesOf(CommandSpec cmd) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : cmd.options()) {
            names.addAll(List.of(o.names()));
        }
        return Set.copyOf(names);
    }
}
