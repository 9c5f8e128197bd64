package dev.ecli.runner.session;

import dev.ecli.runner.attach.AttachPlan;
import dev.ecli.runner.attach.AttachStrategy;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The attach strategies of one run: the manifest's attach settings with this run's parameter values. */
final class AttachSetup {
    private AttachSetup() {}

    /**
     * @throws PackageException when the manifest's attach settings do not fit the object
     * @throws ParamException   when a parameter's value does not fit where an attach setting uses it
     */
    static List<AttachStrategy> strategies(PackageSpec spec, PackageObject.Parsed parsed, ParamValues values,
                                           BpfObject object) throws PackageException, ParamException {
        Map<String, String> sections = new LinkedHashMap<>();
        for (BpfProgram p : object.programs()) {
            if (p.autoload()) {
                sections.put(p.name(), p.section());
            }
        }
        return AttachPlan.strategies(spec.manifest().programs(), sections, paramText(spec, parsed, values));
    }

    /** A parameter's text on this run (given or default), by variable name; empty for a name that is no parameter. */
    static Function<String, Optional<String>> paramText(PackageSpec spec, PackageObject.Parsed parsed,
                                                        ParamValues values) throws PackageException {
        List<ParamSpec> params = ParamSpec.discover(parsed.btf(), parsed.elf(), spec.manifest());
        return name -> params.stream().filter(p -> p.variable().equals(name)).findFirst().map(values::textOf);
    }
}
