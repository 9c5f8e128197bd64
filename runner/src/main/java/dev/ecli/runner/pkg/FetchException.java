package dev.ecli.runner.pkg;

/**
 * A package could not be fetched or pushed: the registry or URL is unreachable, refuses the
 * credentials, or has no such tag. What was fetched and is wrong (a digest that does not match,
 * an artifact that is not a package) is a {@link dev.ecli.runner.pkg.PackageException} instead.
 * The message is one line.
 */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line, without a trailing period */
    public FetchException(String message) {
        super(message);
    }

    /** @param message as {@link #FetchException(String)} */
    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
