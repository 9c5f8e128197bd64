package dev.ecli.runner.pkg;

/**
 * A package that cannot be used: missing, malformed, failing the schema, or naming an object it
 * may not or cannot use. The message is one line, usually {@code FILE:LINE:COLUMN: what}.
 */
public class PackageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line, without a trailing period */
    public PackageException(String message) {
        super(message);
    }

    /** @param message one line, without a trailing period */
    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
