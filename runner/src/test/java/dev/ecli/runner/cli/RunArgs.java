package dev.ecli.runner.cli;

import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.resolve.PackageSearch;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * For tests outside this package (deploy's): takes an {@code ecli-java run ...} command line as
 * far as {@code run} does before it loads anything into the kernel: the command model's options,
 * the package found by name or path, and the package's parameters with their values checked;
 * and the runner on the test classpath, as a command.
 */
public final class RunArgs {
    private RunArgs() {}

    /**
     * Parses {@code args} ({@code run PACKAGE ...}) as {@code ecli-java} would.
     * @return the package's directory or manifest, as found
     * @throws Exception what {@code run} would report for these arguments: a picocli
     *     ParameterException, a {@link UsageException}, a PackageException or a ParamException
     */
    public static Path check(List<String> args) throws Exception {
        CommandLine.ParseResult top = Main.commandLine().parseArgs(args.toArray(String[]::new));
        if (!top.hasSubcommand() || !"run".equals(top.subcommand().commandSpec().name())) {
            throw new UsageException("not a run command line: " + args);
        }
        CommandLine run = top.subcommand().commandSpec().commandLine();
        RunCommand cmd = run.getCommand();
        cmd.readParsed();
        if (cmd.packagePath == null) {
            throw new UsageException("missing PACKAGE in " + args);
        }
        Path where = PackageSearch.fromEnvironment().resolve(cmd.packagePath);
        PackageSpec pkg = PackageLoader.load(where);
        var parsed = pkg.object();
        new ParamOptions(ParamSpec.discover(parsed.btf(), parsed.elf(), pkg.manifest()),
                ParamOptions.namesOf(run.getCommandSpec())).parse(cmd.packageOptions);
        return where;
    }

    /** Writes {@code dir/ecli-java}, a launcher of the runner on the test classpath, and returns it. */
    public static Path launcher(Path dir) throws java.io.IOException {
        return RunnerProcess.launcher(dir);
    }

    /** Skips the calling test unless we may load BPF (root); under CI=true fails instead. */
    public static void requireBpf() {
        RunnerProcess.requireBpf();
    }

    /** Whether {@code run} has an option of this name. */
    public static boolean runHasOption(String name) {
        return Main.commandLine().getSubcommands().get("run").getCommandSpec().findOption(name) != null;
    }
}
