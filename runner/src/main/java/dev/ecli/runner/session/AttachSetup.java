package dev.ecli.runner.session;

import dev.ecli.runner.attach.AttachPlan;
import dev.ecli.runner.attach.AttachStrategy;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The attach strategies of one run: the manifest's attach settings with this run's parameter values. */
final class AttachSetup {
    private AttachSetup() {}

    /**
     * @param sections the programs libbpf will load: name to ELF section, in ELF order
     * @param param    a parameter's text on this run, by variable name
     * @throws PackageException when the manifest's attach settings do not fit the object
     * @throws ParamException   when a parameter's value does not fit where an attach setting uses it
     */
    static List<AttachStrategy> strategies(PackageSpec spec, Map<String, String> sections,
                                           Function<String, Optional<String>> param)
            throws PackageException, ParamException {
        return AttachPlan.strategies(spec.manifest().programs(), sections, param);
    }
}
