package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.Registry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecli-java images rm}: the cache of pulled packages ({@code list --cache} lists it). */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = {"The cache of pulled packages: 'ecli-java list --cache' lists it, 'images rm' removes from it."},
        subcommands = ImagesCommand.Remove.class)
final class ImagesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** {@code ecli-java images rm REF|DIGEST...}. */
    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Remove from the cache: a reference or URL as pulled (and its package, once nothing"
                    + " else names it), or a digest (sha256:HEX, or enough of the hex to be unique) with every"
                    + " reference to it."},
            footerHeading = "%nExamples:%n",
            footer = {"  ecli-java images rm registry.example.com/bpf/mytool:1.0", "  ecli-java images rm 3f2a9c"})
    static final class Remove implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "REF|DIGEST", description = "What to remove.")
        List<String> names;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            for (String n : names) {
                List<Path> gone = Registry.remove(n);
                spec.commandLine().getOut().println("removed " + n + (gone.isEmpty() ? " (its package is still named"
                        + " by another reference)" : ""));
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
