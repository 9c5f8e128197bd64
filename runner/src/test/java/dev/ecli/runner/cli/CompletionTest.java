package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion script: bash registers it ({@code complete -p}), and completing a line
 * offers the commands' options, package names, and after {@code run PACKAGE} the package's own
 * parameters; zsh, in a real terminal (tmux), completes the same through bashcompinit.
 */
class CompletionTest {
    @TempDir
    Path tmp;
    private Path bin;

    @BeforeEach
    void launcher() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        RunnerProcess.launcher(bin);
    }

    private Path script(String shell) throws Exception {
        Path out = tmp.resolve("completion." + shell);
        Process p = new ProcessBuilder(bin.resolve("ecli-java").toString(), "completion", shell)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, p.waitFor());
        return out;
    }

    /** Runs a bash script with the launcher on PATH, in the repository root; returns stdout lines. */
    private List<String> bash(String code) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", code)
                .directory(RunnerProcess.repoRoot().toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.lines().toList();
    }

    /** What completing the words (the last one being typed) offers, via the registered function. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder w = new StringBuilder();
        for (String s : words) {
            w.append(" '").append(s).append('\'');
        }
        String code = "source " + script + "\n"
                + "fn=$(complete -p ecli-java | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')\n"
                + "COMP_WORDS=(" + w + ")\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "$fn ecli-java \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return bash(code);
    }

    @Test
    void bashRegistersAndCompletesPackageParameters() throws Exception {
        Path script = script("bash");
        List<String> spec = bash("source " + script + "; complete -p ecli-java");
        assertEquals(1, spec.size(), spec.toString());
        assertTrue(spec.get(0).startsWith("complete ") && spec.get(0).endsWith(" ecli-java"), spec.get(0));

        assertEquals(List.of("--pid"), complete(script, "ecli-java", "run", "packages/exitsnoop", "--pi"));
        List<String> all = complete(script, "ecli-java", "run", "packages/exitsnoop", "--max-events", "5", "-");
        assertTrue(all.containsAll(List.of("--pid", "--failed", "--cgroup", "--duration", "--output", "-p")), all.toString());
        assertTrue(complete(script, "ecli-java", "run", "-o", "json", "exits").contains("exitsnoop"),
                "package names after run");
        assertEquals(List.of("json"), complete(script, "ecli-java", "run", "-o", "j"));
        assertTrue(complete(script, "ecli-java", "").containsAll(List.of("run", "list", "pull", "push", "images",
                "inspect", "completion")));
        assertTrue(complete(script, "ecli-java", "li").contains("list"));
    }

    @Test
    void completeCommandPrintsPackageOptionsAndEnumValues() throws Exception {
        List<String> out = bash("ecli-java __complete options -- packages/exitsnoop --");
        assertTrue(out.containsAll(List.of("--pid", "--failed", "--max-events")), out.toString());
        assertTrue(out.stream().allMatch(s -> s.startsWith("--")), out.toString());
        assertTrue(bash("ecli-java __complete options -- no/such/package").isEmpty(), "silent when unknown");
        assertEquals(List.of("true", "false"), bash("ecli-java __complete values -- packages/exitsnoop --failed ''"));
    }

    @Test
    void zshCompletesInATerminal() throws Exception {
        boolean have = new ProcessBuilder("sh", "-c", "command -v zsh && command -v tmux").start().waitFor() == 0;
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(have, "CI=true: zsh and tmux are needed (scripts/setup.sh installs them)");
        }
        Assumptions.assumeTrue(have, "needs zsh and tmux");
        Path fpath = Files.createDirectories(tmp.resolve("zfunc"));
        Files.copy(script("zsh"), fpath.resolve("_ecli-java"));
        String session = "ecli-zsh-" + ProcessHandle.current().pid();
        try (Tmux t = new Tmux(session, tmp, "env PATH=" + bin + ":" + System.getenv("PATH")
                + " ZDOTDIR=" + tmp + " zsh -f")) {
            t.send("cd " + quoted(RunnerProcess.repoRoot()) + "; fpath=(" + quoted(fpath) + " $fpath); autoload -U compinit;"
                    + " compinit -u; PS1='%% '", "Enter");
            t.send("ecli-java run packages/exitsnoop --pi", "Tab");
            String screen = t.await(s -> s.contains("run packages/exitsnoop --pid"), 30);
            assertTrue(!screen.contains("command not found"), screen);
        }
    }

    /** A path as one shell word, whatever it holds (a checkout path may have spaces). */
    private static String quoted(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    /** A detached tmux session running one command, read by capture-pane. */
    static final class Tmux implements AutoCloseable {
        private final String name;

        Tmux(String name, Path cwd, String command) throws Exception {
            this.name = name;
            run("tmux", "new-session", "-d", "-s", name, "-x", "200", "-y", "50", "-c", cwd.toString(), command);
        }

        void send(String keys, String... special) throws Exception {
            run("tmux", "send-keys", "-t", name, "-l", keys);
            for (String s : special) {
                run("tmux", "send-keys", "-t", name, s);
            }
        }

        String screen() throws Exception {
            Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", name).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return s;
        }

        String await(java.util.function.Predicate<String> p, int seconds) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            String s = "";
            while (System.nanoTime() < end) {
                s = screen();
                if (p.test(s)) {
                    return s;
                }
                Thread.sleep(100);
            }
            fail("terminal did not show what was expected within " + seconds + " s:\n" + s);
            return s;
        }

        private static void run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("tmux", "kill-session", "-t", name).start().waitFor();
        }
    }
}
