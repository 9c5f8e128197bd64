package dev.ecli.runner.format;

/**
 * Text from a package, an object or a recording made safe for a terminal: control characters
 * (ESC, CR, BEL, backspace, the C1 range), the Unicode line and paragraph separators and the
 * bidirectional overrides could retitle or clear a terminal, move the cursor or fake lines. One
 * place decides which characters those are: messages and {@code inspect} escape them, the table
 * masks them to keep its widths.
 */
public final class Printable {
    private Printable() {}

    /** Whether {@code c} must not reach a terminal as it is. */
    public static boolean unprintable(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    /**
     * {@code s} with every unprintable character escaped as in Java source (backslash-n,
     * backslash-r, backslash-t, backslash-u and four hex digits): one line, whatever it holds.
     */
    public static String escaped(String s) {
        return escape(s, false);
    }

    /** As {@link #escaped}, keeping line breaks and tabs: for text of many lines. */
    public static String lines(String s) {
        return escape(s, true);
    }

    /** {@code s} with every unprintable character replaced by {@code ?}: same length, for columns. */
    public static String masked(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            if (unprintable(s.charAt(i))) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean kept(char c, boolean keepNewlines) {
        return !unprintable(c) || keepNewlines && (c == '\n' || c == '\t');
    }

    private static String escape(String s, boolean keepNewlines) {
        int i = 0;
        while (i < s.length() && kept(s.charAt(i), keepNewlines)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (kept(c, keepNewlines)) {
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
}
