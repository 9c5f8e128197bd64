package dev.ecli.runner.filter;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.stream.EventStream;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One compiled {@code FIELD OP VALUE} condition on a stream's records (grammar in the package
 * documentation). Not thread-safe: it reuses a reader per instance.
 */
public final class EventFilter implements Predicate<MemorySegment> {
    private static final Pattern SYNTAX = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(==|!=|<=|>=|<|>|!~|~)\\s*(.*?)\\s*");

    private final Field field;
    private final String op;
    private final String value;
    private final Long number;
    private final boolean unsignedNumber;
    private final Pattern regex;
    private final ValueFormat format;
    private final FieldValue reader = new FieldValue();

    private EventFilter(Field field, String op, String value, ValueFormat format) throws FilterException {
        this.field = field;
        this.op = op;
        this.value = value;
        this.format = format;
        this.number = parseNumber(value);
        this.unsignedNumber = value.startsWith("0x") || value.startsWith("0X");
        Pattern p = null;
        if (op.endsWith("~")) {
            try {
                p = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new FilterException("--filter: bad regular expression '" + value + "': " + e.getDescription());
            }
        } else if (!op.equals("==") && !op.equals("!=") && number == null) {
            throw new FilterException("--filter: " + op + " needs a number, got '" + value + "'");
        }
        this.regex = p;
    }

    /**
     * Compiles {@code expr} against {@code stream}'s top-level fields.
     * @throws FilterException when it does not parse or names no field of the stream
     */
    public static EventFilter compile(String expr, EventStream stream) throws FilterException {
        Matcher m = SYNTAX.matcher(expr);
        if (!m.matches()) {
            throw new FilterException("--filter: cannot read '" + expr + "'; write FIELD OP VALUE with OP one of"
                    + " == != < <= > >= ~ !~, e.g. 'ret!=0'");
        }
        String name = m.group(1);
        Field f = stream.plan().fields().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new FilterException("--filter: no field '" + name + "' in " + stream.plan().typeName()
                        + " (fields: " + String.join(", ", stream.plan().fields().stream().map(Field::name).toList()) + ")"));
        String v = m.group(3);
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            v = v.substring(1, v.length() - 1);
        }
        return new EventFilter(f, m.group(2), v, stream.formats().get(name));
    }

    private static Long parseNumber(String v) {
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the record satisfies the condition. The record holds the whole plan. */
    @Override
    public boolean test(MemorySegment record) {
        reader.read(field, record);
        String text = reader.text;
        if (text == null && reader.isNumber) {
            text = reader.unsigned ? Long.toUnsignedString(reader.number) : Long.toString(reader.number);
        }
        if (regex != null) {
            boolean found = text != null && (regex.matcher(text).find()
                    || format != null && reader.isNumber && regex.matcher(format.format(reader.number)).find());
            return op.equals("~") == found;
        }
        if (reader.isNumber && number != null) {
            int c = reader.unsigned || unsignedNumber ? Long.compareUnsigned(reader.number, number)
                    : Long.compare(reader.number, number);
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        boolean equal = value.equals(text)
                || format != null && reader.isNumber && value.equalsIgnoreCase(format.format(reader.number));
        return op.equals("==") ? equal : op.equals("!=") && !equal;
    }

    /** All of {@code filters} must hold; none means everything passes. */
    public static Predicate<MemorySegment> all(List<EventFilter> filters) {
        if (filters.isEmpty()) {
            return r -> true;
        }
        return r -> {
            for (EventFilter f : filters) {
                if (!f.test(r)) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public String toString() {
        return field.name() + op + value;
    }

}
