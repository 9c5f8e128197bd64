package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man page made from the command model renders with man(1), without groff warnings. */
class ManPageTest {
    @TempDir
    Path tmp;

    @Test
    void escapesRoff() {
        assertEquals("\\-\\-pid", ManPage.esc("--pid"));
        assertEquals("a\\eb", ManPage.esc("a\\b"));
        assertEquals("\\&.rodata\n\\&'x'", ManPage.esc(".rodata%n'x'"));
    }

    @Test
    void pageCoversEveryVisibleCommandAndOption() {
        String page = ManPage.of(Main.commandLine());
        assertTrue(page.startsWith(".TH \"ECLI\\-JAVA\" 1 "), page.lines().findFirst().orElse(""));
        for (String s : new String[] {".SH \"SYNOPSIS\"", ".SS \"ecli\\-java run\"", ".SS \"ecli\\-java list\"",
            ".SS \"ecli\\-java btf dump\"", "\\fB\\-\\-max\\-events\\fR=\\fIN\\fR", "\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR",
            ".SH \"EXIT STATUS\"", "ECLI_PATH", "NO_COLOR"}) {
            assertTrue(page.contains(s), "page has " + s);
        }
        assertTrue(!page.contains("__complete") && !page.contains("__man"), "hidden commands stay hidden");
    }

    @Test
    void manRendersIt() throws Exception {
        boolean have = new ProcessBuilder("sh", "-c", "command -v man").start().waitFor() == 0;
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(have, "CI=true: man is needed (scripts/setup.sh installs man-db)");
        }
        Assumptions.assumeTrue(have, "needs man (man-db)");
        Path page = tmp.resolve("ecli-java.1");
        try (RunnerProcess p = RunnerProcess.start("__man")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            Files.writeString(page, String.join("\n", p.allStdout) + "\n");
        }
        ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-l", page.toString());
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("MANWIDTH", "100");
        pb.environment().put("LANG", "C.UTF-8");
        Path err = tmp.resolve("err");
        Process man = pb.redirectError(err.toFile()).start();
        String out = new String(man.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(man.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, man.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err), "groff warnings");
        assertTrue(out.lines().findFirst().orElse("").matches("ECLI-JAVA\\(1\\)\\s+User Commands\\s+ECLI-JAVA\\(1\\)"), out);
        for (String s : new String[] {"NAME", "ecli-java - run eBPF packages", "SYNOPSIS", "COMMANDS", "ecli-java run",
            "--max-events=N", "Stop after N events.", "EXIT STATUS", "Examples:"}) {
            assertTrue(out.contains(s), "rendered page has " + s + ":\n" + out);
        }
    }
}
