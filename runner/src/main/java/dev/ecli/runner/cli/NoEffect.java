package dev.ecli.runner.cli;

import dev.ecli.runner.session.RunPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The run options that a package gives nothing to act on, each named in one warning line, so
 * that an option that does nothing never does it silently.
 */
final class NoEffect {
    private NoEffect() {}

    /**
     * @param fields  {@code --fields}, or null
     * @param filters the {@code --filter} expressions
     * @param enrich  whether {@code --enrich} was given
     * @param includeSelf whether {@code --include-self} was given
     * @return one line per option without effect, without the {@code ecli-java: } prefix
     */
    static List<String> of(RunPlan plan, String fields, List<String> filters, boolean enrich, boolean includeSelf) {
        List<String> out = new ArrayList<>();
        String name = plan.pkg().manifest().name();
        if (plan.streams().isEmpty()) {
            String why = " has no effect: it applies to event streams, and " + name + " exports none"
                    + (plan.layouts().isEmpty() ? "" : " (only sampled maps)");
            if (!filters.isEmpty()) {
                out.add("--filter" + why);
            }
            if (fields != null) {
                out.add("--fields" + why);
            }
        }
        if (enrich && !plan.enrichable()) {
            out.add("--enrich has no effect: " + name + " marks no field 'format: cgroup' or 'format: process'"
                    + " (nor types one ecli_cgroup_id or ecli_pid)");
        }
        if (includeSelf && !plan.marksProcesses()) {
            out.add("--include-self has no effect: " + name + " marks no field 'format: process' (nor types one"
                    + " ecli_pid), so no event is left out as the runner's own");
        }
        return out;
    }
}
