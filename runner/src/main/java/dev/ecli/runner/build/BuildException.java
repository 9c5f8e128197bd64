package dev.ecli.runner.build;

import dev.ecli.runner.pkg.PackageException;

/**
 * A package that cannot be built: no source, a missing tool (clang, bpftool), or a compiler
 * error (its diagnostics are printed before this is thrown). A {@link PackageException}, so the
 * CLI reports it as an invalid package (exit 3) in one line.
 */
public class BuildException extends PackageException {
    private static final long serialVersionUID = 1L;

    /** @param message one line, without a trailing period */
    public BuildException(String message) {
        super(message);
    }

    /** @param message one line, without a trailing period */
    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
