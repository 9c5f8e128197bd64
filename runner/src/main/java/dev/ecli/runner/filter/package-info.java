/**
 * User-space event filters ({@code --filter 'ret!=0'}) and field selection
 * ({@code --fields a,b}), applied to decoded top-level fields.
 *
 * <p>Filter grammar: {@code FIELD OP VALUE}, where OP is one of {@code == != < <= > >=} for
 * numbers (VALUE decimal or 0x-hex; for a formatted field such as a signal, its name works
 * too: {@code signal==SIGKILL}), {@code == !=} for strings and enum names, {@code ~} and
 * {@code !~} for a regular expression searched in the field's text. Several filters must
 * all hold.
 */
package dev.ecli.runner.filter;
