package dev.ecli.runner.validate;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names a misspelt one could have meant, for messages: {@code (did you mean 'events'? its maps:
 * counts, events)}. A name is close when few edits (insert, delete, replace, swap two
 * neighbours; case ignored) turn one into the other.
 */
final class Candidates {
    /** Lists longer than this are cut, so an object with many kernel types gives one line. */
    private static final int LISTED = 12;

    private Candidates() {}

    /**
     * {@code (did you mean 'X'? its WHAT: A, B)}, or {@code (its WHAT: A, B)} when none is close.
     * @param what the plural for the list, e.g. {@code maps}
     */
    static String of(String name, String what, List<String> names) {
        String close = closest(name, names);
        return "(" + (close == null ? "" : "did you mean '" + close + "'? ") + "its " + what + ": " + listed(names) + ")";
    }

    /** The closest of {@code names} to {@code name}, or null when none is close enough. */
    static String closest(String name, List<String> names) {
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        return names.stream().filter(n -> !n.equals(name))
                .map(n -> new Object() { final String candidate = n; final int d = distance(name, n); })
                .filter(c -> c.d <= limit).min(Comparator.comparingInt(c -> c.d)).map(c -> c.candidate).orElse(null);
    }

    private static String listed(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        if (names.size() <= LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LISTED)) + ", ... (" + names.size() + " in all)";
    }

    /** Edits between {@code a} and {@code b}, case ignored (optimal string alignment distance). */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }
}
