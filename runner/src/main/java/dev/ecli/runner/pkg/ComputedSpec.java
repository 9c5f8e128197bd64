package dev.ecli.runner.pkg;

/**
 * A column computed from a record's fields ({@code age: {expr: "end - begin",
 * format: duration}}), shown after the struct's own.
 *
 * @param expr        an arithmetic expression over the struct's integer fields and numbers:
 *                    {@code + - * /} and parentheses; integer arithmetic unless a number has a
 *                    decimal point ({@code usecs / 1000.0})
 * @param format      the result's format, as a field's ({@code duration}), or null
 * @param width       table column width in characters, or null
 * @param description what the column holds, or null
 */
public record ComputedSpec(String expr, String format, Integer width, String description) {}
