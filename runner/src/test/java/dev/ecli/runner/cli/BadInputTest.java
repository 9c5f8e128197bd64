package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input gives exactly one clear line on stderr naming the problem, a non-zero exit
 * code, and no stack trace.
 */
class BadInputTest {
    private static final Path ROOT = RunnerProcess.repoRoot();

    /** Runs ecli-java to completion; returns its stderr after checking the exit code. */
    private static List<String> fails(int code, String... args) throws Exception {
        try (RunnerProcess r = RunnerProcess.start(args)) {
            int exit = r.waitFor();
            assertEquals(code, exit, "stderr: " + r.stderr);
            List<String> err = List.copyOf(r.stderr);
            assertEquals(1, err.size(), "expected one line, got: " + err);
            assertTrue(err.getFirst().startsWith("ecli-java: "), err.getFirst());
            assertFalse(err.getFirst().contains("Exception"), err.getFirst());
            assertTrue(r.stdout.isEmpty() || r.stdout.stream().allMatch(String::isBlank), r.stdout.toString());
            return err;
        }
    }

    @Test
    void missingPackagePath() throws Exception {
        String line = fails(ExitCodes.PACKAGE, "run", "/nonexistent/ecli-pkg").getFirst();
        assertTrue(line.contains("/nonexistent/ecli-pkg"), line);
    }

    @Test
    void manifestInvalidPerSchemaNamesTheKey(@TempDir Path dir) throws Exception {
        Files.copy(ROOT.resolve("packages/exitsnoop/exitsnoop.bpf.o"), dir.resolve("exitsnoop.bpf.o"));
        Files.writeString(dir.resolve("package.yaml"), "name: x\nobjekt: exitsnoop.bpf.o\n");
        String line = fails(ExitCodes.PACKAGE, "run", dir.toString()).getFirst();
        assertTrue(line.contains("objekt"), line);
        assertTrue(line.contains("package.yaml:2"), line);
    }

    @Test
    void objectMissing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("package.yaml"), "name: x\nobject: gone.bpf.o\n");
        String line = fails(ExitCodes.PACKAGE, "run", dir.toString()).getFirst();
        assertTrue(line.contains("gone.bpf.o"), line);
    }

    @Test
    void objectNotElf(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("package.yaml"), "name: x\nobject: text.bpf.o\n");
        Files.writeString(dir.resolve("text.bpf.o"), "this is not an ELF object\n");
        String line = fails(ExitCodes.PACKAGE, "run", dir.toString()).getFirst();
        assertTrue(line.contains("text.bpf.o") && line.toLowerCase().contains("elf"), line);
    }

    @Test
    void exportedStructAbsentFromBtfSaysHowToKeepIt() throws Exception {
        String line = fails(ExitCodes.PACKAGE, "run", ROOT.resolve("runner/src/test/bpf/nostruct").toString())
                .getFirst();
        assertTrue(line.contains("struct 'event'") && line.contains("__attribute__((unused))"), line);
    }

    @Test
    void exportedMapMissing(@TempDir Path dir) throws Exception {
        Files.copy(ROOT.resolve("packages/exitsnoop/exitsnoop.bpf.o"), dir.resolve("exitsnoop.bpf.o"));
        Files.writeString(dir.resolve("package.yaml"),
                "name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: nosuchmap\n    struct: event\n");
        String line = fails(ExitCodes.PACKAGE, "run", dir.toString()).getFirst();
        assertTrue(line.contains("'nosuchmap'") && line.contains("rb"), line);
    }

    @Test
    @Tag("bpf")
    void notPrivileged() throws Exception {
        RunnerProcess.requireBpf();
        // Root without capabilities: an empty bounding set leaves CapEff empty after exec.
        List<String> cmd = List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all",
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", ROOT.resolve("packages/exitsnoop").toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes()).strip();
        assertEquals(ExitCodes.PERMISSION, p.waitFor(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("root") && err.contains("CAP_BPF"), err);
    }

    @Test
    @Tag("bpf")
    void attachFailureNamesProgramAndSection() throws Exception {
        RunnerProcess.requireBpf();
        String line = fails(ExitCodes.KERNEL, "run", ROOT.resolve("runner/src/test/bpf/badattach").toString())
                .getFirst();
        assertTrue(line.contains("never") && line.contains("tp/ecli_no_such_category/ecli_no_such_event"), line);
    }

    @Test
    @Tag("bpf")
    void missingKernelBtfFileIsNamed() throws Exception {
        RunnerProcess.requireBpf();
        String line = fails(ExitCodes.KERNEL, "run", ROOT.resolve("packages/exitsnoop").toString(),
                "--btf", "/nonexistent/vmlinux").getFirst();
        assertTrue(line.contains("--btf /nonexistent/vmlinux"), line);
    }
}
