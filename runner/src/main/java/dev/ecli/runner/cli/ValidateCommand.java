package dev.ecli.runner.cli;

import dev.ecli.runner.validate.PackageValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ecli-java validate PACKAGE}: check a package's manifest against its schema and its object. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a package like a compiler: the manifest against its schema, then every map, struct,"
                + " field, program and param it names against the object's BTF, with the kind each must have.",
            "Prints 'PACKAGE: ok' (exit 0), or each problem on one line as FILE:LINE:COLUMN: message (exit 3)."
                    + " Needs no privilege: nothing is loaded."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java validate ./mypkg"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    PackageArgument packageArg;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path resolved = packageArg.resolver().locate(packageArg.name);
        return report(packageArg.shown(), PackageValidator.check(resolved, runOptions()), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** The option names of {@code run}, which a package's params may not take. */
    static java.util.Set<String> runOptions() {
        return ParamOptions.namesOf(new RunCommand().commandSpec());
    }

    /** Prints the verdict: {@code PACKAGE: ok} on stdout, or each problem on stderr; returns the exit code. */
    static int report(String packagePath, List<String> problems, PrintWriter out, PrintWriter err) {
        if (problems.isEmpty()) {
            out.println(packagePath + ": ok");
            out.flush();
            return ExitCodes.OK;
        }
        problems.forEach(err::println);
        err.flush();
        return ExitCodes.PACKAGE;
    }
}
