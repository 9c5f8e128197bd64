package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.Prefetch;
import dev.ecli.runner.startup.StartupTrace;
import dev.ecli.runner.sys.StandardFds;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point of the {@code ecli-java} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        StartupTrace.mark("main");
        StandardFds.guard();
        if (!StandardFds.stdoutOpen() && !decidesOwnStdout(args)) {
            System.err.println("ecli-java: " + STDOUT_CLOSED);
            System.exit(ExitCodes.USAGE);
        }
        if (args.length == 3 && args[0].equals("__train")) {
            System.exit(Training.run(args[1], args[2]));
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Without picocli, whose command model alone costs several times the JVM's start.
            System.out.println(Version.text());
            System.exit(ExitCodes.OK);
        }
        if (!asksHelp(args)) {
            Prefetch.start(args);
        }
        CommandLine cl = isRun(args) ? runCommandLine() : commandLine();
        StartupTrace.mark("command line built");
        System.exit(cl.execute(args));
    }

    /** The one line for a closed or read-only stdout where output would go to it. */
    static final String STDOUT_CLOSED = "stdout is closed or not writable: redirect it (> FILE, > /dev/null)";

    /** run and replay write to stdout only with an output format; they check it themselves. */
    private static boolean decidesOwnStdout(String[] args) {
        return args.length > 0 && (args[0].equals("run") || args[0].equals("replay"));
    }

    /** Help reads the package but loads nothing: libbpf's bindings, made early for a run, would only cost time. */
    private static boolean asksHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRun(String[] args) {
        return args.length > 0 && args[0].equals("run");
    }

    /**
     * The command line with {@code run} as its only subcommand: what {@code ecli-java run ...}
     * needs. picocli reflects over every command it is given, which costs tens of
     * milliseconds of startup per command; usage and errors of {@code run} read the same.
     */
    static CommandLine runCommandLine() {
        CommandLine cl = new CommandLine(CommandSpec.create().name("ecli-java"));
        cl.addSubcommand("run", run());
        return configure(cl);
    }

    /** The configured command line: errors become one line on stderr and an exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EcliCommand());
        cl.addSubcommand("run", run());
        for (Object sub : EcliCommand.subcommandsAfterRun()) {
            cl.addSubcommand(sub);
        }
        return configure(cl);
    }

    private static CommandLine run() {
        return new CommandLine(new RunCommand().commandSpec());
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExitCodeExceptionMapper(Errors::exitCode);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
