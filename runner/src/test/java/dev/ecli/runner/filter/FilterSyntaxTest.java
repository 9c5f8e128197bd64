package dev.ecli.runner.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filter grammar: what each expression parses to, and where each mistake is said to be. */
class FilterSyntaxTest {
    /** A parse tree as text: {@code (a | b)}, {@code (a & b)}, {@code !a}, {@code field op [values]}. */
    private static String show(FilterExpr e) {
        return switch (e) {
            case FilterExpr.AnyOf any -> any.parts().stream().map(FilterSyntaxTest::show)
                    .collect(Collectors.joining(" | ", "(", ")"));
            case FilterExpr.AllOf all -> all.parts().stream().map(FilterSyntaxTest::show)
                    .collect(Collectors.joining(" & ", "(", ")"));
            case FilterExpr.Not not -> "!" + show(not.part());
            case FilterExpr.Test t -> t.field() + "@" + t.column() + " " + t.op() + " "
                    + t.values().stream().map(v -> v.text() + "@" + v.column())
                            .collect(Collectors.joining(",", t.list() ? "(" : "[", t.list() ? ")" : "]"));
        };
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "ret!=0                          => ret@1 != [0@6]",
        "`  pid >= 0x10`                 => pid@3 >= [0x10@10]",
        "comm==a || comm==b              => (comm@1 == [a@7] | comm@12 == [b@18])",
        "comm==a||comm==b                => (comm@1 == [a@7] | comm@10 == [b@16])",
        "a==1 || b==2 && c==3            => (a@1 == [1@4] | (b@9 == [2@12] & c@17 == [3@20]))",
        "(a==1 || b==2) && c==3          => ((a@2 == [1@5] | b@10 == [2@13]) & c@19 == [3@22])",
        "!a==1                           => !a@2 == [1@5]",
        "!(a==1 && !b~x)                 => !(a@3 == [1@6] & !b@12 ~ [x@14])",
        "pid in (1, 2,3)                 => pid@1 in (1@9,2@12,3@14)",
        "comm in ('a b', \"c\")          => comm@1 in (a b@10,c@17)",
        "saddr in 10.0.0.0/8             => saddr@1 in [10.0.0.0/8@10]",
        "daddr==127.0.0.0/8              => daddr@1 == [127.0.0.0/8@8]",
        "saddr in (::1, fe80::/10)       => saddr@1 in (::1@11,fe80::/10@16)",
        "comm~^(sh|bash)$                => comm@1 ~ [^(sh|bash)$@6]",
        "(comm~^(a|b)$)                  => comm@2 ~ [^(a|b)$@7]",
        "comm=='a && b'                  => comm@1 == [a && b@7]",
        "ret>=-5                         => ret@1 >= [-5@6]",
        "in==1                           => in@1 == [1@5]",
    })
    void parsesTo(String expr, String tree) throws Exception {
        assertEquals(tree, show(FilterSyntax.parse(expr)));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "pid                   => column 4: expected an operator (== != < <= > >= ~ !~ in) after 'pid', got the end",
        "pid=1                 => column 4: expected an operator (== != < <= > >= ~ !~ in) after 'pid', got '=1'; write == to compare",
        "comm==a ||            => column 11: expected a condition (FIELD OP VALUE, e.g. 'ret!=0') at the end",
        "comm==a | comm==b     => column 9: expected && or || before '| comm==b' (quote a value that has spaces)",
        "comm==foo bar         => column 11: expected && or || before 'bar' (quote a value that has spaces)",
        "(a==1 || b==2         => column 14: expected ) to close the ( at column 1",
        "a==1)                 => column 5: expected && or || before ')' (this ) closes no ()",
        "a==                   => column 4: expected a value after ==, got the end",
        "a==) && b==1          => column 4: expected a value after ==, got ') && b==1'",
        "pid in (1 2)          => column 11: expected , or ) in the list opened at column 8, got '2)'",
        "pid in (1,            => column 11: expected a value after in (, got the end",
        "comm=='abc            => column 7: this quote is not closed",
        "&& a==1               => column 1: expected a field name, got '&& a==1'",
        "1==a                  => column 1: expected a field name, got '1==a'",
    })
    void mistakesNameTheirColumn(String expr, String message) {
        FilterException e = assertThrows(FilterException.class, () -> FilterSyntax.parse(expr));
        assertEquals("--filter '" + expr + "': " + message, e.getMessage());
    }
}
