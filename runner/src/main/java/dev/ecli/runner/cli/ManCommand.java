package dev.ecli.runner.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecli-java __man}: prints the manual page, ecli-java(1), in roff (for packaging). */
@Command(name = "__man", hidden = true, description = "Print the manual page in roff (internal, for packaging).")
final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // A fresh model: the page widens synopses, which must not leak into this run's help.
        out.print(ManPage.of(Main.commandLine()));
        out.flush();
        return ExitCodes.OK;
    }
}
