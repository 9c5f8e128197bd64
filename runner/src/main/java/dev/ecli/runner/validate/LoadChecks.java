package dev.ecli.runner.validate;

import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.session.MapSizes;
import dev.ecli.runner.session.PrintCounts;
import dev.ecli.runner.session.FieldConditions;
import dev.ecli.runner.session.ProgramChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the run refuses in the settings a C frontend would apply before load: program choices
 * ({@code programs.NAME.load}, {@code fallback}), map sizes ({@code sizes:}) and print counts
 * ({@code maps.NAME.count}), each checked with
 * the parameters' defaults, as the run's plan checks them with its values.
 */
final class LoadChecks {
    private LoadChecks() {}

    /** One line per problem; empty when the run would accept them. */
    static List<String> check(Manifest manifest, ObjectSpec facts, List<ParamSpec> params) {
        Set<String> names = params.stream().map(ParamSpec::variable).collect(Collectors.toSet());
        Set<String> bools = params.stream().filter(p -> p.kind() == ParamSpec.Kind.BOOL).map(ParamSpec::variable)
                .collect(Collectors.toSet());
        Set<String> programs = facts.programs().stream().map(ObjectSpec.Program::name).collect(Collectors.toSet());
        List<String> out = new ArrayList<>(ProgramChoice.problems(manifest, programs, bools, names));
        // PackageValidator names those at their key, with the close name.
        manifest.programs().keySet().forEach(p -> out.remove(ProgramChoice.unknown(p, programs)));
        out.addAll(FieldConditions.problems(manifest, bools, names));
        Function<String, Optional<String>> defaults = n -> params.stream().filter(p -> p.variable().equals(n))
                .findFirst().map(ParamSpec::defaultText);
        if (out.isEmpty()) {
            try {
                ProgramChoice.of(manifest, defaults);
            } catch (PackageException e) {
                out.add(e.getMessage());
            }
        }
        try {
            MapSizes.of(manifest.sizes(), facts, defaults);
        } catch (PackageException e) {
            out.add(e.getMessage());
        }
        try {
            PrintCounts.of(manifest, defaults);
        } catch (PackageException e) {
            out.add(e.getMessage());
        }
        return out;
    }
}
