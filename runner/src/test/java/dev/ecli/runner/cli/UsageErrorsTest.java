package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * A mistake on any command's command line is one line naming it and that command's --help, exit
 * 2, and no usage dump: checked in-process for every command, and in a real process for the
 * values the issue met ({@code -o badformat}).
 */
class UsageErrorsTest {
    /** Runs the command line in-process; returns {exit code, stderr}. */
    private static Object[] execute(String... args) {
        CommandLine cl = args.length > 0 && args[0].equals("run") ? Main.runCommandLine() : Main.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(out));
        int code = cl.execute(args);
        assertEquals("", out.toString(), "nothing on stdout");
        return new Object[] {code, err.toString()};
    }

    @Test
    void anUnknownOptionOfEveryCommandIsOneLine() {
        List<String> names = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
        assertTrue(names.containsAll(List.of("run", "inspect", "validate", "build", "replay", "pull")), names.toString());
        for (String name : names) {
            // run reads options it does not know as the package's, so it needs a package to refuse them.
            Object[] r = name.equals("run")
                    ? execute(name, RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(), "--no-such-option")
                    : execute(name, "--no-such-option", "x");
            String err = (String) r[1];
            assertEquals(ExitCodes.USAGE, r[0], name + ": " + err);
            assertEquals(1, err.lines().count(), name + ": " + err);
            assertTrue(err.startsWith("ecli-java: "), err);
            assertTrue(err.strip().endsWith("; see 'ecli-java " + name + " --help'")
                    || name.equals("run") && err.strip().endsWith("; see 'ecli-java run PACKAGE --help'"), err);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run packages/exitsnoop -o badformat|ecli-java: Invalid value for option '--output': expected one of"
                + " [table, json, yaml, folded, flamegraph, none] (case-insensitive) but was 'badformat'; see 'ecli-java run --help'",
        "run packages/exitsnoop --duration soon|ecli-java: Invalid value for option '--duration': 'soon' is not a"
                + " double; see 'ecli-java run --help'",
        "inspect -o xml packages/exitsnoop|ecli-java: Invalid value for option '--output': expected one of"
                + " [text, json] (case-insensitive) but was 'xml'; see 'ecli-java inspect --help'",
        "bogus|ecli-java: Unmatched argument at index 0: 'bogus' (did you mean push?); see 'ecli-java --help'",
    })
    void aBadValueIsOneLineAndExit2(String args, String line) throws Exception {
        List<String> argv = new ArrayList<>(List.of(args.split(" ")));
        int i = argv.indexOf("packages/exitsnoop");
        if (i >= 0) {
            argv.set(i, RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString());
        }
        try (RunnerProcess r = RunnerProcess.start(argv.toArray(String[]::new))) {
            assertEquals(ExitCodes.USAGE, r.waitFor(), "stderr: " + r.stderr);
            assertEquals(List.of(line), r.stderr);
        }
    }
}
