package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.output.Format;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The hand-built model of {@code run}: what each option parses to (nothing is loaded). */
class RunOptionsTest {
    private static RunCommand parse(String... args) {
        CommandLine.ParseResult top = Main.runCommandLine().parseArgs(args);
        RunCommand cmd = top.subcommand().commandSpec().commandLine().getCommand();
        cmd.readParsed();
        return cmd;
    }

    @Test
    void everyOptionReachesItsField() {
        RunCommand c = parse("run", "pkgdir", "-o", "JSON", "--sink", "kafka://a:1/t", "--sink", "kafka://b:2/u",
                "--duration", "2.5", "--max-events", "9", "--fields", "a,b", "--filter", "x==1", "--filter", "y!=2",
                "-tqv", "--text", "--btf", "/tmp/vmlinux", "--metrics", ":9435");
        assertEquals(Path.of("pkgdir"), c.packagePath);
        assertEquals(Format.json, c.view.format());
        assertEquals(List.of("kafka://a:1/t", "kafka://b:2/u"), c.view.sinkUris());
        assertEquals(2.5, c.durationSeconds);
        assertEquals(9, c.view.maxEvents());
        assertEquals("a,b", c.view.fields());
        assertEquals(List.of("x==1", "y!=2"), c.view.filters());
        assertTrue(c.view.timestamps() && c.quiet && c.verbose && c.view.withText());
        assertEquals(Path.of("/tmp/vmlinux"), c.kernelBtf);
        assertEquals(":9435", c.metricsAddress);
        assertEquals(List.of(), c.packageOptions);
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        RunCommand c = parse("run", "pkgdir");
        assertEquals(Format.table, c.view.format());
        assertEquals(0, c.view.maxEvents());
        assertNull(c.durationSeconds);
        assertFalse(c.help || c.view.timestamps() || c.quiet || c.verbose || c.view.withText());
        assertEquals(List.of(), c.view.sinkUris());
        assertEquals(List.of(), c.view.filters());
    }

    @Test
    void unknownOptionsAreThePackagesParams() {
        RunCommand c = parse("run", "pkgdir", "--pid", "42", "-x", "--max-events", "3");
        assertEquals(List.of("--pid", "42", "-x"), c.packageOptions);
        assertEquals(3, c.view.maxEvents());
    }

    @Test
    void aFieldListLeavingOutFieldsThatLookLikeShortOptions() {
        // -t, -q, -v, -o and -h are run's own short options: "-tid" must still be a value.
        assertEquals("-tid,-sig", parse("run", "pkgdir", "--fields=-tid,-sig").view.fields());
        assertEquals("-tid", parse("run", "pkgdir", "--fields", "-tid").view.fields());
        assertEquals("-verdict", parse("run", "pkgdir", "--fields", "-verdict").view.fields());
    }

    @Test
    void aBadFormatIsAUsageError() {
        assertThrows(CommandLine.ParameterException.class, () -> parse("run", "pkgdir", "-o", "xml"));
    }
}
