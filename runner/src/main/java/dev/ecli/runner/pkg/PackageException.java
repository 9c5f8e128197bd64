package dev.ecli.runner.pkg;

import dev.ecli.runner.format.Printable;

/**
 * A package that cannot be used: missing, malformed, failing the schema, or naming an object it
 * may not or cannot use. The message is one line, usually {@code FILE:LINE:COLUMN: what}.
 */
public class PackageException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line, without a trailing period; control characters in it (say, from a
     *                key it quotes) are escaped so that it stays one line
     */
    public PackageException(String message) {
        super(printable(message));
    }

    /** @param message as {@link #PackageException(String)} */
    public PackageException(String message, Throwable cause) {
        super(printable(message), cause);
    }

    /**
     * {@code s} with control characters, the Unicode line and paragraph separators and the
     * bidirectional overrides escaped as in Java source ({@link Printable#escaped}), so that a
     * message quoting a key or value from the file stays one line.
     */
    public static String printable(String s) {
        return Printable.escaped(s);
    }
}
