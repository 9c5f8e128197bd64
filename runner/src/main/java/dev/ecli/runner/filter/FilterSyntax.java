package dev.ecli.runner.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code --filter} expression (grammar in the package documentation) into a
 * {@link FilterExpr}; a mistake is a {@link FilterException} naming its column.
 *
 * <p>An unquoted value runs to whitespace, {@code &&}, {@code ||}, a {@code )} it did not open
 * (so a regular expression keeps its groups: {@code F~^(a|b)$}) or, in a list, a comma.
 */
final class FilterSyntax {
    /** Longest first, so {@code <=} is not read as {@code <}. */
    private static final List<String> OPS = List.of("==", "!=", "<=", ">=", "!~", "<", ">", "~");

    private final String src;
    private int at;

    private FilterSyntax(String src) {
        this.src = src;
    }

    /**
     * Parses {@code expr}.
     * @throws FilterException naming the column of the first mistake
     */
    static FilterExpr parse(String expr) throws FilterException {
        FilterSyntax p = new FilterSyntax(expr);
        FilterExpr e = p.anyOf();
        p.skipSpace();
        if (p.at < expr.length()) {
            throw p.error(p.at, "expected && or || before '" + p.rest() + "'"
                    + (expr.charAt(p.at) == ')' ? " (this ) closes no ()" : " (quote a value that has spaces)"));
        }
        return e;
    }

    /** The message for a mistake at {@code column} (1-based) of {@code expr}. */
    static FilterException error(String expr, int column, String message) {
        return new FilterException("--filter '" + expr + "': column " + column + ": " + message);
    }

    private FilterException error(int index, String message) {
        return error(src, index + 1, message);
    }

    private FilterExpr anyOf() throws FilterException {
        List<FilterExpr> parts = new ArrayList<>(List.of(allOf()));
        while (eat("||")) {
            parts.add(allOf());
        }
        return parts.size() == 1 ? parts.getFirst() : new FilterExpr.AnyOf(parts);
    }

    private FilterExpr allOf() throws FilterException {
        List<FilterExpr> parts = new ArrayList<>(List.of(unary()));
        while (eat("&&")) {
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.getFirst() : new FilterExpr.AllOf(parts);
    }

    private FilterExpr unary() throws FilterException {
        skipSpace();
        if (at >= src.length()) {
            throw error(at, "expected a condition (FIELD OP VALUE, e.g. 'ret!=0') at the end");
        }
        char c = src.charAt(at);
        if (c == '!') {
            at++;
            return new FilterExpr.Not(unary());
        }
        if (c == '(') {
            int open = at++;
            FilterExpr inner = anyOf();
            skipSpace();
            if (at >= src.length() || src.charAt(at) != ')') {
                throw error(at, "expected ) to close the ( at column " + (open + 1)
                        + (at < src.length() ? ", got '" + rest() + "'" : ""));
            }
            at++;
            return inner;
        }
        return test();
    }

    private FilterExpr test() throws FilterException {
        int start = at;
        if (!Character.isLetter(src.charAt(at)) && src.charAt(at) != '_') {
            throw error(at, "expected a field name, got '" + rest() + "'");
        }
        while (at < src.length() && (Character.isLetterOrDigit(src.charAt(at)) || src.charAt(at) == '_')) {
            at++;
        }
        String field = src.substring(start, at);
        boolean spaced = skipSpace();
        if (spaced && src.startsWith("in", at)
                && (at + 2 == src.length() || Character.isWhitespace(src.charAt(at + 2)) || src.charAt(at + 2) == '(')) {
            at += 2;
            skipSpace();
            if (at < src.length() && src.charAt(at) == '(') {
                return new FilterExpr.Test(field, start + 1, "in", list(), true);
            }
            return new FilterExpr.Test(field, start + 1, "in", List.of(value("in", false)), false);
        }
        String op = OPS.stream().filter(o -> src.startsWith(o, at)).findFirst().orElse(null);
        if (op == null) {
            String got = at < src.length() ? "'" + rest() + "'" : "the end";
            throw error(at, "expected an operator (== != < <= > >= ~ !~ in) after '" + field + "', got " + got
                    + (src.startsWith("=", at) ? "; write == to compare" : ""));
        }
        at += op.length();
        return new FilterExpr.Test(field, start + 1, op, List.of(value(op, false)), false);
    }

    /** {@code (V, V, ...)}, at its {@code (}. */
    private List<FilterExpr.Value> list() throws FilterException {
        int open = at++;
        List<FilterExpr.Value> values = new ArrayList<>();
        while (true) {
            values.add(value("in (", true));
            skipSpace();
            if (at < src.length() && src.charAt(at) == ',') {
                at++;
            } else if (at < src.length() && src.charAt(at) == ')') {
                at++;
                return values;
            } else {
                throw error(at, "expected , or ) in the list opened at column " + (open + 1)
                        + (at < src.length() ? ", got '" + rest() + "'" : ""));
            }
        }
    }

    private FilterExpr.Value value(String after, boolean inList) throws FilterException {
        skipSpace();
        int start = at;
        if (at < src.length() && (src.charAt(at) == '\'' || src.charAt(at) == '"')) {
            int close = src.indexOf(src.charAt(at), at + 1);
            if (close < 0) {
                throw error(at, "this quote is not closed");
            }
            at = close + 1;
            return new FilterExpr.Value(src.substring(start + 1, close), start + 1);
        }
        int depth = 0;
        while (at < src.length()) {
            char c = src.charAt(at);
            if (Character.isWhitespace(c) || src.startsWith("&&", at) || src.startsWith("||", at)
                    || c == ')' && depth == 0 || c == ',' && inList && depth == 0) {
                break;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            at++;
        }
        if (at == start) {
            String got = at < src.length() ? "'" + rest() + "'" : "the end";
            throw error(at, "expected a value after " + after + ", got " + got);
        }
        return new FilterExpr.Value(src.substring(start, at), start + 1);
    }

    /** Skips whitespace, then {@code token} if it is next; whether it was. */
    private boolean eat(String token) {
        skipSpace();
        if (src.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    /** Skips whitespace; true when any was skipped or the end is reached. */
    private boolean skipSpace() {
        int from = at;
        while (at < src.length() && Character.isWhitespace(src.charAt(at))) {
            at++;
        }
        return at > from || at >= src.length();
    }

    /** What follows the position, shortened for messages. */
    private String rest() {
        String r = src.substring(at);
        return r.length() > 20 ? r.substring(0, 20) + "..." : r;
    }
}
