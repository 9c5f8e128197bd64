package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecli-java list} and packages named by name: what ships (packages/, examples/), what
 * $ECLI_PATH adds (searched first), and {@code run/inspect NAME} finding them.
 */
class PackageNamesTest {
    @TempDir
    Path tmp;

    /** A copy of the seed package under another name, in an $ECLI_PATH directory. */
    private Path ecliPath() throws Exception {
        Path dir = tmp.resolve("mine");
        Path copy = dir.resolve("mytrace");
        Files.createDirectories(copy);
        Path seed = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        try (Stream<Path> files = Files.list(seed)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void listShowsShippedAndEcliPathPackagesWithDescriptions() throws Exception {
        Path mine = ecliPath();
        try (RunnerProcess p = RunnerProcess.start(Map.of("ECLI_PATH", mine.toString()), "list")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            List<String> out = p.allStdout;
            assertTrue(out.get(0).matches("NAME\\s+DESCRIPTION\\s+PATH"), out.get(0));
            assertTrue(out.get(1).startsWith("mytrace "), "$ECLI_PATH first: " + out);
            String seed = out.stream().filter(l -> l.startsWith("exitsnoop ")).findFirst().orElseThrow();
            assertTrue(seed.contains("Trace process exits"), seed);
            assertTrue(seed.endsWith(RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString()), seed);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("opensnoop ") && l.contains("/examples/opensnoop")),
                    "examples are listed: " + out);
        }
        try (RunnerProcess p = RunnerProcess.start(Map.of("ECLI_PATH", mine.toString()), "list", "-o", "json")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            JsonNode json = new ObjectMapper().readTree(String.join("\n", p.allStdout));
            assertEquals("mytrace", json.get(0).get("name").asText());
            assertEquals(mine.resolve("mytrace").toString(), json.get(0).get("path").asText());
            assertTrue(json.get(0).get("description").asText().startsWith("Trace process exits"));
        }
    }

    @Test
    void listNotesWhatAnEcliPathPackageHidesAndNamesShippedTwice() throws Exception {
        Path mine = ecliPath();
        Files.move(mine.resolve("mytrace"), mine.resolve("exitsnoop"));
        Path root = RunnerProcess.repoRoot();
        try (RunnerProcess p = RunnerProcess.start(Map.of("ECLI_PATH", mine.toString()), "list")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            List<String> out = p.allStdout;
            List<String> notes = out.subList(out.indexOf("Names that meet (run a package by its full name or path):") + 1,
                    out.size());
            assertTrue(notes.contains("  exitsnoop: " + root.resolve("packages/exitsnoop") + " is hidden by "
                    + mine.resolve("exitsnoop") + " (from $ECLI_PATH)"), notes.toString());
            // packages/libbpf-tools/execsnoop and examples/execsnoop: the bare name runs the example
            assertTrue(notes.contains("  libbpf-tools/execsnoop: 'run execsnoop' runs " + root.resolve("examples/execsnoop")
                    + ", not this one"), notes.toString());
            assertTrue(notes.contains("  libbpf-tools/exitsnoop: 'run exitsnoop' runs " + mine.resolve("exitsnoop")
                    + " (from $ECLI_PATH), not this one"), notes.toString());
            assertTrue(notes.stream().noneMatch(l -> l.startsWith("  libbpf-tools/tcpstates:")), "no other of that name");
        }
        try (RunnerProcess p = RunnerProcess.start(Map.of("ECLI_PATH", mine.toString()), "list", "-o", "json")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            JsonNode json = new ObjectMapper().readTree(String.join("\n", p.allStdout));
            assertEquals(mine.resolve("exitsnoop").toString(), json.get(0).get("path").asText());
            assertTrue(json.get(0).path("notes").isMissingNode(), "the one that runs has nothing hidden from it");
            JsonNode shipped = null;
            for (JsonNode n : json) {
                if (n.get("path").asText().equals(root.resolve("packages/exitsnoop").toString())) {
                    shipped = n;
                }
            }
            assertEquals(true, shipped.get("shadowed").asBoolean());
            assertEquals(1, shipped.get("notes").size(), shipped.toString());
        }
        // what the notes say is what run does: the bare name finds the $ECLI_PATH copy
        try (RunnerProcess p = RunnerProcess.start(Map.of("ECLI_PATH", mine.toString()), "inspect", "exitsnoop")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
        }
    }

    @Test
    void inspectAndRunHelpFindAPackageByName() throws Exception {
        try (RunnerProcess p = RunnerProcess.start("inspect", "exitsnoop")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            assertEquals("package  exitsnoop", p.allStdout.get(0));
        }
        try (RunnerProcess p = RunnerProcess.start(Map.of("ECLI_PATH", ecliPath().toString()),
                "run", "mytrace", "--help")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            assertTrue(p.allStdout.stream().anyMatch(l -> l.contains("--pid")), "params listed: " + p.allStdout);
        }
        try (RunnerProcess p = RunnerProcess.start("validate", "exitsnoop")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            assertEquals(List.of("exitsnoop: ok"), p.allStdout);
        }
    }

    @Test
    void unknownNameIsOneLineThatPointsAtList() throws Exception {
        try (RunnerProcess p = RunnerProcess.start("run", "no-such-package")) {
            assertEquals(ExitCodes.PACKAGE, p.waitFor());
            assertEquals(1, p.stderr.size(), p.stderr.toString());
            assertTrue(p.stderr.get(0).startsWith("ecli-java: no package no-such-package: "), p.stderr.get(0));
            assertTrue(p.stderr.get(0).endsWith("(see 'ecli-java list')"), p.stderr.get(0));
        }
    }

    @Test
    @Tag("bpf")
    void runExitsnoopByName() throws Exception {
        RunnerProcess.requireBpf();
        try (RunnerProcess p = RunnerProcess.start("run", "exitsnoop", "--max-events", "1", "-o", "json")) {
            p.awaitStderr(l -> l.contains("attached"), 30);
            new ProcessBuilder("true").start().waitFor();
            String line = p.awaitLine(l -> l.startsWith("{"), 15);
            assertTrue(line.contains("\"exit_code\""), line);
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
        }
    }
}
