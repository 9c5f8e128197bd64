package dev.ecli.runner.stream;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A computed column's expression, compiled once against the struct's fields: field names,
 * numbers, {@code + - * /} and parentheses. Whole-number arithmetic (a division by zero gives
 * 0) unless a number has a decimal point; then the result is a decimal rounded to 2 places, as
 * the C tools print {@code %.2f}.
 */
final class Computation {
    /** Thrown for an expression that does not parse or names no integer field; the message says where. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private sealed interface Node permits Num, Ref, Bin {}

    private record Num(double value, boolean decimal) implements Node {}

    private record Ref(Field field) implements Node {}

    private record Bin(char op, Node left, Node right) implements Node {}

    private final String text;
    private final Map<String, Field> fields;
    private final Set<Field> used = new LinkedHashSet<>();
    private int pos;
    private boolean decimal;

    private Computation(String text, Map<String, Field> fields) {
        this.text = text;
        this.fields = fields;
    }

    /**
     * The column {@code name} computing {@code expr} over {@code fields} (the struct's, by name).
     * @throws Invalid saying what is wrong and where
     */
    static Field.Computed compile(String name, String expr, Map<String, Field> fields) throws Invalid {
        Computation c = new Computation(expr, fields);
        Node root = c.sum();
        c.skipSpaces();
        if (c.pos < expr.length()) {
            throw c.error("unexpected '" + expr.charAt(c.pos) + "'");
        }
        boolean dec = c.decimal;
        return new Field.Computed(name, List.of(), new ArrayList<>(c.used), (r, base, v) -> emit(root, dec, r, base, v));
    }

    /** Whether the column's value is a whole number (formats apply to those only). */
    static boolean whole(String expr) {
        return !expr.matches(".*[0-9]\\.[0-9].*");
    }

    private static void emit(Node root, boolean dec, MemorySegment r, long base, ValueVisitor v) {
        if (dec) {
            double d = real(root, r, base);
            v.floating(Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).doubleValue() : 0);
        } else {
            v.signed(whole(root, r, base));
        }
    }

    private static long whole(Node n, MemorySegment r, long base) {
        return switch (n) {
            case Num x -> (long) x.value();
            case Ref x -> value(x.field(), r, base);
            case Bin b -> {
                long a = whole(b.left(), r, base), c = whole(b.right(), r, base);
                yield switch (b.op()) {
                    case '+' -> a + c;
                    case '-' -> a - c;
                    case '*' -> a * c;
                    default -> c == 0 ? 0 : a / c;
                };
            }
        };
    }

    private static double real(Node n, MemorySegment r, long base) {
        return switch (n) {
            case Num x -> x.value();
            case Ref x -> value(x.field(), r, base);
            case Bin b -> {
                double a = real(b.left(), r, base), c = real(b.right(), r, base);
                yield switch (b.op()) {
                    case '+' -> a + c;
                    case '-' -> a - c;
                    case '*' -> a * c;
                    default -> c == 0 ? 0 : a / c;
                };
            }
        };
    }

    private static long value(Field f, MemorySegment r, long base) {
        return ((Field.IntField) f).value(r, base);
    }

    private Node sum() throws Invalid {
        Node n = product();
        for (char op; (op = peek()) == '+' || op == '-'; ) {
            pos++;
            n = new Bin(op, n, product());
        }
        return n;
    }

    private Node product() throws Invalid {
        Node n = atom();
        for (char op; (op = peek()) == '*' || op == '/'; ) {
            pos++;
            n = new Bin(op, n, atom());
        }
        return n;
    }

    private Node atom() throws Invalid {
        char c = peek();
        if (c == '(') {
            pos++;
            Node n = sum();
            if (peek() != ')') {
                throw error("')' expected");
            }
            pos++;
            return n;
        }
        int start = pos;
        if (Character.isDigit(c)) {
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String num = text.substring(start, pos);
            try {
                boolean dec = num.contains(".");
                decimal |= dec;
                return new Num(Double.parseDouble(num), dec);
            } catch (NumberFormatException e) {
                throw error("bad number " + num);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String id = text.substring(start, pos);
            Field f = fields.get(id);
            if (!(f instanceof Field.IntField i) || i.size() > 8) {
                throw new Invalid("'" + id + "' is no integer field of at most 8 bytes (the fields: "
                        + String.join(", ", fields.keySet()) + ")");
            }
            used.add(f);
            return new Ref(f);
        }
        throw error(pos >= text.length() ? "the expression ends too soon" : "unexpected '" + c + "'");
    }

    private char peek() {
        skipSpaces();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private Invalid error(String what) {
        return new Invalid(what + " at column " + (pos + 1));
    }
}
