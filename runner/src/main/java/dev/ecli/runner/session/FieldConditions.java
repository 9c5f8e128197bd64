package dev.ecli.runner.session;

import dev.ecli.runner.params.ParamRefs;
import dev.ecli.runner.pkg.Export;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Fields whose meaning or presence depends on a bool parameter ({@code when}, {@code shown-when}),
 * settled for one run before any view is built, so every output sees the same fields.
 */
public final class FieldConditions {
    private FieldConditions() {}

    /**
     * {@code pkg} with every field's conditions settled by this run's parameters; the same
     * package when no field has one.
     * @throws PackageException naming the field whose condition is no bool parameter
     */
    public static PackageSpec apply(PackageSpec pkg, Function<String, Optional<String>> param) throws PackageException {
        Manifest m = pkg.manifest();
        boolean any = m.exports().stream().anyMatch(e -> conditional(e.fields()))
                || m.maps().values().stream().anyMatch(s -> conditional(s.fields()));
        if (!any) {
            return pkg;
        }
        List<Export> exports = new ArrayList<>();
        for (int i = 0; i < m.exports().size(); i++) {
            Export e = m.exports().get(i);
            exports.add(e.withFields(resolve("exports[" + i + "].fields", e.fields(), param)));
        }
        Map<String, MapSpec> maps = new LinkedHashMap<>();
        for (Map.Entry<String, MapSpec> e : m.maps().entrySet()) {
            maps.put(e.getKey(), e.getValue().withFields(resolve("maps." + e.getKey() + ".fields",
                    e.getValue().fields(), param)));
        }
        return pkg.withManifest(m.withExportsAndMaps(exports, maps));
    }

    /**
     * Each condition that names no bool parameter, for {@code validate} and the run's plan alike.
     * @param boolParams the package's bool parameters; {@code params} all of them
     */
    public static List<String> problems(Manifest m, Set<String> boolParams, Set<String> params) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.exports().size(); i++) {
            check("exports[" + i + "].fields", m.exports().get(i).fields(), boolParams, params, out);
        }
        m.maps().forEach((name, s) -> check("maps." + name + ".fields", s.fields(), boolParams, params, out));
        return out;
    }

    private static void check(String at, Map<String, FieldSpec> fields, Set<String> boolParams, Set<String> params,
                              List<String> out) {
        fields.forEach((name, f) -> {
            for (String[] c : new String[][] {{"when", f.when()}, {"shown-when", f.shownWhen()}}) {
                String wrong = c[1] == null ? null
                        : ParamRefs.conditionProblem(at + "." + name + "." + c[0], c[1], boolParams, params);
                if (wrong != null) {
                    out.add(wrong);
                }
            }
        });
    }

    private static boolean conditional(Map<String, FieldSpec> fields) {
        return fields.values().stream().anyMatch(f -> f.when() != null || f.shownWhen() != null);
    }

    private static Map<String, FieldSpec> resolve(String at, Map<String, FieldSpec> fields,
                                                  Function<String, Optional<String>> param) throws PackageException {
        Map<String, FieldSpec> out = new LinkedHashMap<>();
        for (Map.Entry<String, FieldSpec> e : fields.entrySet()) {
            FieldSpec f = e.getValue();
            try {
                boolean meaning = f.when() == null || ParamRefs.condition(at + "." + e.getKey() + ".when", f.when(), param);
                boolean shown = f.shownWhen() == null
                        || ParamRefs.condition(at + "." + e.getKey() + ".shown-when", f.shownWhen(), param);
                out.put(e.getKey(), f.when() == null && f.shownWhen() == null ? f : f.resolved(meaning, shown));
            } catch (ParamRefs.Invalid x) {
                throw new PackageException(x.getMessage());
            }
        }
        return out;
    }
}
