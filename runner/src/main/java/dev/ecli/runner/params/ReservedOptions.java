package dev.ecli.runner.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Package options that would take a name the runner's {@code run} already has ({@code -o},
 * {@code --filter}): a mistake of the package, which {@code run} refuses and {@code validate}
 * reports, in the same words.
 */
public final class ReservedOptions {
    /**
     * One such option.
     * @param param   the parameter it belongs to
     * @param option  the name, with dashes
     * @param message the problem, one line, naming the param
     */
    public record Clash(ParamSpec param, String option, String message) {
        /** Whether the clash is with the param's short (one-letter) name. */
        public boolean isShort() {
            return !option.startsWith("--");
        }
    }

    private ReservedOptions() {}

    /**
     * Every option name of {@code params} that {@code runOptions} already has.
     * @param runOptions the run command's option names, with dashes
     */
    public static List<Clash> of(List<ParamSpec> params, Set<String> runOptions) {
        List<Clash> out = new ArrayList<>();
        for (ParamSpec p : params) {
            for (String n : p.optionNames()) {
                if (runOptions.contains(n)) {
                    out.add(new Clash(p, n, "params." + p.variable() + ": option " + n + " is already a run option;"
                            + " give the param another " + (n.startsWith("--") ? "long" : "short") + " name"));
                }
            }
        }
        return out;
    }
}
