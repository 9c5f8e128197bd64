package dev.ecli.runner.pkg;

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
     * {@code s} with control characters and the Unicode line and paragraph separators escaped as
     * in Java source (backslash-n, backslash-t, backslash-u and four hex digits), so that a message
     * quoting a key or value from the file stays one line.
     */
    public static String printable(String s) {
        int i = 0;
        while (i < s.length() && !unprintable(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unprintable(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean unprintable(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
