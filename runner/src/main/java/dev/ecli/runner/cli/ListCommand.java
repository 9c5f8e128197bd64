package dev.ecli.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.resolve.PackageSearch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecli-java list}: the packages that can be run by name. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the packages that 'ecli-java run NAME' finds by name, with their descriptions:"
                + " those in each directory of $ECLI_PATH (colon-separated, searched first), then the ones"
                + " shipped with ecli-java (packages/ and examples/ beside it, or /usr/share/ecli-java).",
            "A name listed again later is shadowed by the first; notes below the table say which names meet."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java list", "  ECLI_PATH=~/bpf ecli-java list -o json | jq -r '.[].name'",
            "  ecli-java list --cache"})
final class ListCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--cache", description = "List the packages pulled into the cache instead (ecli-java pull,"
            + " run REF): reference or URL, digest, name and description.")
    boolean cache;

    @Spec
    CommandSpec spec;

    /** One row: a package's name, description (or why it cannot be loaded) and place. */
    private record Row(String name, String description, String path, boolean shadowed, String problem,
                       List<String> notes) {}

    @Override
    public Integer call() throws Exception {
        if (cache) {
            return CacheListing.print(spec, format == Format.json);
        }
        PackageSearch search = PackageSearch.fromEnvironment();
        List<Row> rows = new ArrayList<>();
        for (PackageSearch.Found f : search.list()) {
            String description = null;
            String problem = null;
            try {
                description = PackageLoader.load(f.dir()).manifest().description();
            } catch (PackageException | RuntimeException e) {
                problem = Errors.message(e);
            }
            rows.add(new Row(f.name(), description, f.dir().toString(), f.shadowed(), problem, f.notes()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("description", r.description());
                m.put("path", r.path());
                m.put("shadowed", r.shadowed());
                if (r.problem() != null) {
                    m.put("problem", r.problem());
                }
                if (!r.notes().isEmpty()) {
                    m.put("notes", r.notes());
                }
                json.add(m);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            out.flush();
            return ExitCodes.OK;
        }
        if (rows.isEmpty()) {
            spec.commandLine().getErr().println("ecli-java: no packages in " + String.join(":",
                    search.dirs().stream().map(Object::toString).toList()));
            spec.commandLine().getErr().flush();
            return ExitCodes.OK;
        }
        int nameWidth = "NAME".length();
        int descWidth = "DESCRIPTION".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
            descWidth = Math.max(descWidth, text(r).length());
        }
        String fmt = "%-" + nameWidth + "s  %-" + descWidth + "s  %s%n";
        out.printf(fmt, "NAME", "DESCRIPTION", "PATH");
        for (Row r : rows) {
            out.printf(fmt, r.name(), text(r), r.path() + (r.shadowed() ? " (shadowed)" : ""));
        }
        // names that meet: below the table, so its rows stay one line each
        boolean heading = false;
        for (Row r : rows) {
            for (String note : r.notes()) {
                if (!heading) {
                    out.printf("%nNames that meet (run a package by its full name or path):%n");
                    heading = true;
                }
                out.printf("  %s: %s%n", r.name(), note);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String text(Row r) {
        if (r.problem() != null) {
            return "(invalid: " + r.problem() + ")";
        }
        return r.description() == null ? "" : r.description();
    }
}
