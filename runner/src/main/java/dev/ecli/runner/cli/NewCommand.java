package dev.ecli.runner.cli;

import dev.ecli.runner.scaffold.Scaffold;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecli-java new NAME}: write a starter package that build compiles and run runs as it is. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Write a new package folder NAME (or DIR): a header, a commented NAME.bpf.c that includes"
                + " the runner's ecli.bpf.h helpers, and a package.yaml when build cannot infer one.",
            "Templates: events (a ring buffer of exec events), histogram (a log2 histogram of sleep times),"
                    + " stacks (sampled kernel and user stacks), params (exit events with a process filter, a bool"
                    + " and an enum param)."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java new mytool && ecli-java build mytool && sudo ecli-java run mytool",
                "  ecli-java new sleeps --template histogram --dir /tmp/sleeps"})
final class NewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The package's name, a C identifier.")
    String name;

    /** The template names, for shell completion. */
    static final class TemplateNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Scaffold.Template.values()).map(Scaffold.Template::label).iterator();
        }
    }

    @Option(names = "--template", paramLabel = "KIND", defaultValue = "events", completionCandidates = TemplateNames.class,
            description = "events, histogram, stacks or params (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the package (default: ./NAME).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, UsageException {
        PrintWriter out = spec.commandLine().getOut();
        Scaffold.Template kind = Arrays.stream(Scaffold.Template.values())
                .filter(t -> t.label().equals(template.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new UsageException("unknown template '" + template + "'; choose one of "
                        + Arrays.stream(Scaffold.Template.values()).map(Scaffold.Template::label)
                                .collect(Collectors.joining(", "))));
        Path target = dir != null ? dir : Path.of(name);
        try {
            for (Path p : Scaffold.write(name, kind, target)) {
                out.println("wrote " + p);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("next: ecli-java build " + target + " && sudo ecli-java run " + target);
        out.flush();
        return ExitCodes.OK;
    }
}
