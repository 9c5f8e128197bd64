package dev.ecli.runner.cli;

import dev.ecli.btf.BtfFormatException;
import dev.ecli.runner.build.BuildException;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.filter.FilterException;
import dev.ecli.runner.params.OptionException;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.session.PrivilegeException;
import dev.ecli.runner.sys.SysException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become what the user sees: a single line
 * {@code ecli-java: <message>} on stderr and an exit code from {@link ExitCodes}. Stack traces
 * are shown only for internal errors, and only with {@code -v}.
 */
final class Errors implements IExecutionExceptionHandler {
    /** Set by commands when -v is given, so internal errors show their stack trace. */
    static volatile boolean verbose;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println("ecli-java: " + message(ex));
        if (ex instanceof BpfException b && verbose && !b.log().isEmpty()) {
            cmd.getErr().println(b.log().stripTrailing());
        }
        if (exitCode(ex) == ExitCodes.SOFTWARE && verbose) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return exitCode(ex);
    }

    /** The exit code for an exception thrown by a command. */
    static int exitCode(Throwable ex) {
        return switch (ex) {
            // Clang's errors, missing tools: the package cannot be built (its diagnostics are already out).
            case BuildException e -> ExitCodes.PACKAGE;
            case PackageException e -> ExitCodes.PACKAGE;
            case BtfFormatException e -> ExitCodes.PACKAGE;
            case DecodeException e -> ExitCodes.PACKAGE;
            case BpfException e -> ExitCodes.KERNEL;
            case SysException e -> ExitCodes.KERNEL;
            case PrivilegeException e -> ExitCodes.PERMISSION;
            case FetchException e -> ExitCodes.FETCH;
            case OptionException e -> ExitCodes.USAGE;
            case ParamException e -> ExitCodes.USAGE;
            case FilterException e -> ExitCodes.USAGE;
            case dev.ecli.runner.record.RecordingException e -> ExitCodes.PACKAGE;
            default -> ExitCodes.SOFTWARE;
        };
    }

    /** The one-line text for an exception. */
    static String message(Throwable ex) {
        return switch (ex) {
            case UncheckedIOException e -> describe(e.getCause());
            case IOException e -> describe(e);
            default -> {
                String m = ex.getMessage();
                if (exitCode(ex) == ExitCodes.SOFTWARE) {
                    yield "internal error: " + ex.getClass().getSimpleName()
                            + (m == null ? "" : ": " + m) + " (run with -v for details; please report it)";
                }
                yield m == null ? ex.getClass().getSimpleName() : m;
            }
        };
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage()
                : String.valueOf(e.getMessage());
    }
}
