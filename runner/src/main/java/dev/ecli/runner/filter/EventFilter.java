package dev.ecli.runner.filter;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One compiled {@code --filter} expression on a stream's records (grammar in the package
 * documentation): parsed once, its fields bound once. Not thread-safe: its tests reuse readers.
 */
public final class EventFilter implements Predicate<MemorySegment> {
    private final String expr;
    private final Predicate<MemorySegment> test;

    private EventFilter(String expr, Predicate<MemorySegment> test) {
        this.expr = expr;
        this.test = test;
    }

    /**
     * Compiles {@code expr} against {@code stream}'s top-level fields, with no address fields.
     * @throws FilterException when it does not parse or names no field of the stream
     */
    public static EventFilter compile(String expr, EventStream stream) throws FilterException {
        return compile(expr, stream, Set.of());
    }

    /**
     * Compiles {@code expr} against {@code stream}'s top-level fields. A field is read as the
     * stream shows it (an address whose family another field gives, as its text), else as
     * decoded (a hidden field).
     * @param addressFields the fields that carry an address format (ipv4, ipv6, ip): only they
     *                      match networks ({@code FIELD in 10.0.0.0/8})
     * @throws FilterException when it does not parse, names no field of the stream, or gives a
     *                         value its operator cannot take; the message names the column
     */
    public static EventFilter compile(String expr, EventStream stream, Set<String> addressFields)
            throws FilterException {
        return new EventFilter(expr, bind(FilterSyntax.parse(expr), stream, addressFields, expr));
    }

    private static Predicate<MemorySegment> bind(FilterExpr e, EventStream stream, Set<String> addressFields,
                                                 String expr) throws FilterException {
        return switch (e) {
            case FilterExpr.AnyOf any -> {
                List<Predicate<MemorySegment>> parts = bindAll(any.parts(), stream, addressFields, expr);
                yield r -> {
                    for (Predicate<MemorySegment> p : parts) {
                        if (p.test(r)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case FilterExpr.AllOf all -> all(bindAll(all.parts(), stream, addressFields, expr));
            case FilterExpr.Not not -> bind(not.part(), stream, addressFields, expr).negate();
            case FilterExpr.Test t -> Condition.of(t, field(t, stream, expr), stream.formats().get(t.field()),
                    addressFields.contains(t.field()), expr);
        };
    }

    private static List<Predicate<MemorySegment>> bindAll(List<FilterExpr> parts, EventStream stream,
                                                          Set<String> addressFields, String expr)
            throws FilterException {
        List<Predicate<MemorySegment>> out = new ArrayList<>();
        for (FilterExpr p : parts) {
            out.add(bind(p, stream, addressFields, expr));
        }
        return out;
    }

    /** The field as shown when it is, else as decoded. */
    private static Field field(FilterExpr.Test t, EventStream stream, String expr) throws FilterException {
        for (List<Field> fields : List.of(stream.fields(), stream.plan().fields())) {
            for (Field f : fields) {
                if (f.name().equals(t.field())) {
                    return f;
                }
            }
        }
        throw FilterSyntax.error(expr, t.column(), "no field '" + t.field() + "' in " + stream.plan().typeName()
                + " (fields: " + String.join(", ", stream.plan().fields().stream().map(Field::name).toList()) + ")");
    }

    /** Whether the record satisfies the expression. The record holds the whole plan. */
    @Override
    public boolean test(MemorySegment record) {
        return test.test(record);
    }

    /** All of {@code filters} must hold; none means everything passes. */
    public static Predicate<MemorySegment> all(List<? extends Predicate<MemorySegment>> filters) {
        if (filters.isEmpty()) {
            return r -> true;
        }
        List<Predicate<MemorySegment>> list = List.copyOf(filters);
        return r -> {
            for (Predicate<MemorySegment> f : list) {
                if (!f.test(r)) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public String toString() {
        return expr;
    }
}
