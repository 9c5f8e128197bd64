package dev.ecli.runner.filter;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.stream.TextValue;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One compiled test of a field ({@code FIELD OP VALUE}, {@code FIELD in (...)}, {@code FIELD in
 * NETWORK}). Not thread-safe: it reuses a reader.
 */
final class Condition implements Predicate<MemorySegment> {
    /**
     * One value compared with: as text, as a number when it is one, as a network when the field
     * carries an address and the value is one.
     */
    private record Operand(String text, Long number, boolean unsignedNumber, Network network) {}

    private final Field field;
    private final String op;
    private final List<Operand> operands;
    private final Pattern regex;
    private final ValueFormat format;
    private final boolean address;
    /** Whether the op orders numbers ({@code < <= > >=}) rather than matching values. */
    private final boolean ordering;
    private final FieldValue reader = new FieldValue();

    private Condition(Field field, String op, List<Operand> operands, Pattern regex, ValueFormat format,
                      boolean address) {
        this.field = field;
        this.op = op;
        this.operands = operands;
        this.regex = regex;
        this.format = format;
        this.address = address;
        this.ordering = !List.of("==", "!=", "in").contains(op) && regex == null;
    }

    /**
     * Compiles {@code t} for {@code field}.
     * @param format  how the field is shown, or null
     * @param address whether the field carries an address format (ipv4, ipv6, ip)
     * @param expr    the whole expression, for messages
     * @throws FilterException for a value the operator cannot take, naming its column
     */
    static Condition of(FilterExpr.Test t, Field field, ValueFormat format, boolean address, String expr)
            throws FilterException {
        Pattern regex = null;
        List<Operand> operands = new ArrayList<>();
        for (FilterExpr.Value v : t.values()) {
            Network net = Network.parse(v.text()).orElse(null);
            if (t.op().equals("in") && !t.list() && net == null) {
                throw FilterSyntax.error(expr, v.column(), "in takes a list, (a, b), or a network such as"
                        + " 10.0.0.0/8, got '" + v.text() + "'");
            }
            if (t.op().equals("in") && !t.list() && !address) {
                throw FilterSyntax.error(expr, v.column(), t.field() + " carries no address format (ipv4, ipv6"
                        + " or ip), so it is in no network");
            }
            Long number = number(v.text());
            operands.add(new Operand(v.text(), number, v.text().startsWith("0x") || v.text().startsWith("0X"),
                    address ? net : null));
            if (t.op().endsWith("~")) {
                try {
                    regex = Pattern.compile(v.text());
                } catch (PatternSyntaxException e) {
                    throw FilterSyntax.error(expr, v.column(), "bad regular expression '" + v.text() + "': "
                            + e.getDescription());
                }
            } else if (!List.of("==", "!=", "in").contains(t.op()) && number == null) {
                throw FilterSyntax.error(expr, v.column(), t.op() + " needs a number, got '" + v.text() + "'");
            }
        }
        return new Condition(field, t.op(), List.copyOf(operands), regex, format, address);
    }

    private static Long number(String v) {
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the record satisfies the test. The record holds the whole plan. */
    @Override
    public boolean test(MemorySegment record) {
        reader.read(field, record);
        String text = reader.text;
        if (text == null && reader.isNumber) {
            text = reader.unsigned ? Long.toUnsignedString(reader.number) : Long.toString(reader.number);
        }
        if (regex != null) {
            boolean found = text != null && regex.matcher(text).find()
                    || (address || format != null) && regex.matcher(shown(record)).find();
            return op.equals("~") == found;
        }
        Operand first = operands.getFirst();
        if (ordering) {
            if (!reader.isNumber) {
                return false;
            }
            int c = reader.unsigned || first.unsignedNumber() ? Long.compareUnsigned(reader.number, first.number())
                    : Long.compare(reader.number, first.number());
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        byte[] addr = null;
        boolean addrRead = false;
        boolean equal = false;
        for (Operand o : operands) {
            if (o.network() != null) {
                if (!addrRead) {
                    addr = Network.address(shown(record));
                    addrRead = true;
                }
                equal = o.network().contains(addr);
            } else if (reader.isNumber && o.number() != null) {
                equal = reader.unsigned || o.unsignedNumber() ? Long.compareUnsigned(reader.number, o.number()) == 0
                        : reader.number == o.number();
            } else {
                equal = o.text().equals(text)
                        || format != null && reader.isNumber && o.text().equalsIgnoreCase(format.format(reader.number));
            }
            if (equal) {
                break;
            }
        }
        return op.equals("!=") != equal;
    }

    /** The field as a table shows it (an address as text). */
    private String shown(MemorySegment record) {
        return TextValue.of(field, record, format);
    }

    @Override
    public String toString() {
        return field.name() + op + operands.stream().map(Operand::text).toList();
    }
}
