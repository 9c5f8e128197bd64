package dev.ecli.runner.filter;

import java.util.List;

/**
 * A parsed {@code --filter} expression, before it is bound to a stream's fields: what
 * {@link FilterSyntax} reads, with the column (1-based) of each part for messages.
 */
sealed interface FilterExpr {
    /** Holds when any part does ({@code ||}). */
    record AnyOf(List<FilterExpr> parts) implements FilterExpr {}

    /** Holds when every part does ({@code &&}). */
    record AllOf(List<FilterExpr> parts) implements FilterExpr {}

    /** Holds when {@code part} does not ({@code !}). */
    record Not(FilterExpr part) implements FilterExpr {}

    /**
     * One test of a field: {@code FIELD OP VALUE}, or {@code FIELD in (V, ...)} ({@code list}
     * true), or {@code FIELD in NETWORK} ({@code op} {@code in}, one value, {@code list} false).
     */
    record Test(String field, int column, String op, List<Value> values, boolean list) implements FilterExpr {}

    /** A value as written, quotes removed, and where it starts. */
    record Value(String text, int column) {}
}
