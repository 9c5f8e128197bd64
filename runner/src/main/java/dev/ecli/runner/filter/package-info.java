/**
 * User-space event filters ({@code --filter 'ret!=0'}) and field selection
 * ({@code --fields a,b}), applied to decoded top-level fields.
 *
 * <p>Filter grammar ({@link dev.ecli.runner.filter.FilterSyntax}, compiled once per stream by
 * {@link dev.ecli.runner.filter.EventFilter}):
 * <pre>
 * expr  := and ('||' and)*
 * and   := unary ('&amp;&amp;' unary)*
 * unary := '!' unary | '(' expr ')' | test
 * test  := FIELD OP VALUE | FIELD 'in' '(' VALUE (',' VALUE)* ')' | FIELD 'in' NETWORK
 * </pre>
 * OP is one of {@code == != < <= > >=} for numbers (VALUE decimal or 0x-hex; for a formatted
 * field such as a signal, its name works too: {@code signal==SIGKILL}), {@code == !=} for
 * strings and enum names, {@code ~} and {@code !~} for a regular expression searched in the
 * field's text. {@code in (a, b)} holds when {@code ==} holds for any value. On a field that
 * carries an address format (ipv4, ipv6, ip), an address or network value
 * ({@code 10.0.0.0/8}, {@code fe80::/10}) matches the addresses in it, with {@code ==},
 * {@code !=} and {@code in}. A value is quoted ({@code 'a b'}) to hold spaces, {@code &&} or
 * {@code ||}. Several filters must all hold; a mistake names its column.
 *
 * <p>{@link dev.ecli.runner.filter.OwnProcess} is the one filter the user does not write: it
 * leaves out the runner's own events on streams with a process field (unless --include-self).
 */
package dev.ecli.runner.filter;
