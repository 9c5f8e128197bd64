package dev.ecli.runner.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What may reach a terminal: escaped for messages and inspect, masked for table columns. */
class PrintableTest {
    @Test
    void plainTextIsReturnedAsItIs() {
        String s = "exitsnoop: Trace process exits (ünïcode ok)";
        assertSame(s, Printable.escaped(s));
        assertSame(s, Printable.lines(s));
        assertSame(s, Printable.masked(s));
    }

    @Test
    void terminalControlsAreEscaped() {
        assertEquals("a\\u001b]0;title\\u0007b\\r\\n\\tc\\u0085\\u2028\\u202e",
                Printable.escaped("a\u001b]0;title\u0007b\r\n\tc\u0085\u2028\u202e"));
    }

    @Test
    void linesKeepLineBreaksAndTabsOnly() {
        assertEquals("one\n\ttwo\\u001b[2J\\r", Printable.lines("one\n\ttwo\u001b[2J\r"));
    }

    @Test
    void maskingKeepsTheLength() {
        assertEquals("a?b?c", Printable.masked("a\u001bb\nc"));
    }
}
