package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/README.md's tutorial: its C listings are the files of examples/opensnoop, and
 * every {@code ./ecli-java} command it shows on that package is run (in a copy of the package, from a directory where
 * the README's paths hold) and prints what the README says, down to the generated manifest. Only
 * the README's sample pid and file are replaced by a process and a file of the test's own.
 */
class TutorialTest {
    /** The ecli-java commands of the tutorial, in order; a change to the README must show up here. */
    private static final List<String> COMMANDS = List.of(
            "./ecli-java build examples/opensnoop",
            "./ecli-java validate examples/opensnoop",
            "./ecli-java inspect examples/opensnoop -o json | jq -c '.params[]'",
            "./ecli-java run examples/opensnoop -o json --pid 4242 --max-events 1 | jq -c .");

    @TempDir
    Path root;

    /** A fenced block: its info string and lines. */
    record Block(String lang, List<String> lines) {}

    /** A command the README shows and the output it shows after it. */
    record Shown(String command, List<String> output) {}

    private static List<Block> blocks() throws IOException {
        List<Block> out = new ArrayList<>();
        List<String> current = null;
        String lang = null;
        for (String line : Files.readAllLines(RunnerProcess.repoRoot().resolve("examples/README.md"))) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                    lang = line.substring(3).strip();
                } else {
                    out.add(new Block(lang, current));
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    private static List<Shown> commands() throws IOException {
        List<Shown> out = new ArrayList<>();
        for (Block b : blocks()) {
            Shown last = null;
            for (String line : b.lines()) {
                if (line.startsWith("$ ")) {
                    last = new Shown(line.substring(2).replaceFirst("^sudo ", ""), new ArrayList<>());
                    out.add(last);
                } else if (last != null) {
                    last.output().add(line);
                }
            }
        }
        // The tutorial's commands; later sections show other packages (MetricsPrometheusTest
        // covers the metrics one).
        return out.stream().filter(s -> s.command().startsWith("./ecli-java")
                && s.command().contains("examples/opensnoop")).toList();
    }

    private static Shown shown(String command) throws IOException {
        return commands().stream().filter(s -> s.command().equals(command)).findFirst().orElseThrow();
    }

    private static String block(String lang, int index) throws IOException {
        return String.join("\n", blocks().stream().filter(b -> b.lang().equals(lang)).toList().get(index).lines()) + "\n";
    }

    /** The package as the tutorial has it after step 2: sources only. */
    private Path sources() throws IOException {
        Path dir = Files.createDirectories(root.resolve("examples/opensnoop"));
        Path shipped = RunnerProcess.repoRoot().resolve("examples/opensnoop");
        for (String f : List.of("opensnoop.h", "opensnoop.bpf.c")) {
            Files.copy(shipped.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    /** Runs a README command with bash in {@code root}, {@code ./ecli-java} being this build. */
    private ProcessBuilder bash(String command) {
        String java = "'" + ProcessHandle.current().info().command().orElse("java") + "' --enable-native-access=ALL-UNNAMED"
                + " -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName();
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", command.replace("./ecli-java", java));
        return pb.directory(root.toFile());
    }

    private List<String> run(String command) throws Exception {
        Process p = bash(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out.lines().toList();
    }

    private static void requireJq() {
        boolean jq = Files.isExecutable(Path.of("/usr/bin/jq")) || Files.isExecutable(Path.of("/bin/jq"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(jq, "CI=true: the tutorial test needs jq");
        }
        Assumptions.assumeTrue(jq, "the tutorial pipes into jq");
    }

    @Test
    void theListingsAreTheShippedFilesAndTheCommandsAreTheseFour() throws Exception {
        Path shipped = RunnerProcess.repoRoot().resolve("examples/opensnoop");
        assertEquals(Files.readString(shipped.resolve("opensnoop.h")), block("c", 0));
        assertEquals(Files.readString(shipped.resolve("opensnoop.bpf.c")), block("c", 1));
        assertEquals(Files.readString(shipped.resolve("package.yaml")), block("yaml", 1));
        assertEquals(COMMANDS, commands().stream().map(Shown::command).toList());
    }

    @Test
    void buildValidateAndInspectPrintWhatTheTutorialShows() throws Exception {
        requireJq();
        Path dir = sources();
        Shown build = shown(COMMANDS.get(0));
        assertEquals(build.output(), run(build.command()));
        assertEquals(block("yaml", 0), Files.readString(dir.resolve("package.yaml")));

        Files.copy(RunnerProcess.repoRoot().resolve("examples/opensnoop/package.yaml"), dir.resolve("package.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Shown validate = shown(COMMANDS.get(1));
        assertEquals(validate.output(), run(validate.command()));
        Shown inspect = shown(COMMANDS.get(2));
        assertEquals(inspect.output(), run(inspect.command()));

        // The misspelt parameter, as the tutorial shows it.
        String good = Files.readString(dir.resolve("package.yaml"));
        Files.writeString(dir.resolve("package.yaml"), good.replace("  target_pid:", "  target_pdi:"));
        Process p = bash(validate.command()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue());
        String misspelt = blocks().stream().filter(b -> b.lines().size() == 1
                && b.lines().getFirst().contains("target_pdi")).findFirst().orElseThrow().lines().getFirst();
        assertEquals(misspelt + "\n", err);
    }

    @Tag("bpf")
    @Test
    void runShowsTheOpenOfTheTracedShell() throws Exception {
        RunnerProcess.requireBpf();
        requireJq();
        Path dir = sources();
        run(COMMANDS.get(0));
        Files.copy(RunnerProcess.repoRoot().resolve("examples/opensnoop/package.yaml"), dir.resolve("package.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path file = Files.writeString(root.resolve("tutorial-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime()), "hello\n");
        // The README's first shell: waits for a line, then opens the file with a builtin.
        Process shell = new ProcessBuilder("bash", "-c", "read -r go; read -r line < \"$1\"", "bash", file.toString())
                .start();
        Path err = root.resolve("run.err");
        Shown run = shown(COMMANDS.get(3));
        Process runner = bash(run.command().replace("4242", Long.toString(shell.pid())))
                .redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(err).contains("attached")) {
                assertTrue(runner.isAlive() && System.nanoTime() < deadline, "not attached: " + Files.readString(err));
                Thread.sleep(20);
            }
            try (OutputStream in = shell.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(0, shell.waitFor());
            assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "run did not stop: " + Files.readString(err));
            assertEquals(0, runner.exitValue(), Files.readString(err));
            List<String> out = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            List<String> expected = run.output().stream().map(l -> l.replace("4242", Long.toString(shell.pid()))
                    .replace("/etc/hostname", file.toString())).toList();
            assertEquals(expected, out);
        } finally {
            runner.destroyForcibly();
            shell.destroyForcibly();
        }
    }
}
