package dev.ecli.runner.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.cli.RunArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/entrypoint.sh with a stand-in runner that records its arguments: the ConfigMap's
 * package lines become one {@code ecli-java run} each, with the ports the DaemonSet declares,
 * and every such command line is one the runner accepts (its own command model, the package
 * found, its parameters' values checked); SIGTERM reaches every runner and the entrypoint ends
 * with 0; when a runner exits the others are stopped and its status is the entrypoint's. The
 * script is POSIX sh (sh -n) and shellcheck-clean.
 */
class EntrypointTest {
    /**
     * Records "$@" one per line in args.PID, JAVA_TOOL_OPTIONS and HOSTNAME in env.PID, a line in
     * term.PID for each SIGTERM; like the runner, takes half a second to stop; --fail exits 7.
     */
    private static final String FAKE_RUNNER = """
            #!/bin/sh
            printf '%s\\n' "$@" > "$FAKE_DIR/args.$$.tmp" && mv "$FAKE_DIR/args.$$.tmp" "$FAKE_DIR/args.$$"
            printf '%s\\n' "${JAVA_TOOL_OPTIONS:-}" "${HOSTNAME:-}" > "$FAKE_DIR/env.$$"
            stop=
            trap 'echo TERM >> "$FAKE_DIR/term.$$"; stop=1' TERM
            case " $* " in *" --fail "*) sleep 0.5; exit 7 ;; esac
            i=0
            while [ -z "$stop" ]; do echo "{\\"pid\\":$$,\\"i\\":$i}"; i=$((i + 1)); sleep 0.1 & wait $!; done
            for t in 1 2 3 4 5; do sleep 0.1 & wait $!; done
            exit 0
            """;
    private static final String SINK = "kafka://kafka.test:9092/ecli-events";
    private static final Set<String> OWN_OPTIONS = Set.of("-o", "--output", "--metrics", "--sink");

    @TempDir
    Path tmp;

    @Test
    void everyPackageLineBecomesARunCommandTheRunnerAccepts() throws Exception {
        List<JsonNode> docs = DeployFiles.documents(DeployFiles.manifestText());
        JsonNode cm = DeployFiles.only(docs, "ConfigMap");
        List<String> lines = DeployFiles.packageLines(cm);
        assertTrue(lines.size() >= 1, "no package lines");
        for (String line : lines) {
            List<String> words = List.of(line.strip().split("\\s+"));
            String pkg = words.getFirst();
            assertTrue(Files.isDirectory(DeployFiles.ROOT.resolve("packages").resolve(pkg))
                    || Files.isDirectory(DeployFiles.ROOT.resolve("examples").resolve(pkg)),
                    pkg + " is not a package of packages/ or examples/");
            for (String w : words) {
                String option = w.split("=", 2)[0];
                assertTrue(!OWN_OPTIONS.contains(option) && !option.equals("--duration") && !option.equals("--max-events"),
                        "line '" + line + "': " + option + " is the entrypoint's, or would end the runner");
            }
        }
        JsonNode data = cm.path("data");
        int base = Integer.parseInt(data.path("metrics-port").asText());
        Run run = start(cm.path("data").path("packages").asText(), Map.of("ECLI_METRICS_PORT", String.valueOf(base),
                "ECLI_SINK", SINK, "ECLI_STDOUT", data.path("stdout").asText(),
                "ECLI_HEAP_PERCENT", data.path("heap-percent").asText(), "NODE_NAME", "node-7"));
        List<List<String>> commands = run.awaitRunners(lines.size());
        run.process.destroy(); // SIGTERM
        assertTrue(run.process.waitFor(20, TimeUnit.SECONDS), "the entrypoint did not end after SIGTERM");
        assertEquals(0, run.process.exitValue(), run.stderr());
        assertEquals(lines.size(), run.terminated(), "runners that got SIGTERM: " + run.stderr());

        // Line i: run PACKAGE -o STDOUT --metrics :BASE+i --sink SINK?host=NODE, then the line's words.
        commands.sort(Comparator.comparingInt(c -> c.indexOf("--metrics") < 0 ? 0
                : Integer.parseInt(c.get(c.indexOf("--metrics") + 1).substring(1))));
        Set<Integer> declared = new HashSet<>();
        DeployFiles.only(docs, "DaemonSet").path("spec").path("template").path("spec").path("containers").get(0)
                .path("ports").forEach(p -> declared.add(p.path("containerPort").asInt()));
        for (int i = 0; i < lines.size(); i++) {
            List<String> want = new ArrayList<>(List.of("run"));
            List<String> words = List.of(lines.get(i).strip().split("\\s+"));
            want.addAll(List.of(words.getFirst(), "-o", data.path("stdout").asText()));
            want.addAll(List.of("--metrics", ":" + (base + i), "--sink", SINK + "?host=node-7"));
            want.addAll(words.subList(1, words.size()));
            assertEquals(want, commands.get(i));
            assertTrue(declared.contains(base + i), "the DaemonSet declares no container port " + (base + i)
                    + " for package line " + i + " (" + lines.get(i) + ")");
            RunArgs.check(withoutOptionsRunLacks(commands.get(i)));
        }
        // Each runner's JVM gets its share of the heap; events carry the node's name.
        int share = Integer.parseInt(data.path("heap-percent").asText()) / lines.size();
        for (List<String> env : run.environments()) {
            assertEquals(List.of("-XX:MaxRAMPercentage=" + share, "node-7"), env);
        }
        // The runners' JSON lines reach the log whole.
        if ("json".equals(data.path("stdout").asText())) {
            Set<String> writers = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (String l : run.stdout()) {
                writers.add(json.readTree(l).path("pid").asText());
            }
            assertEquals(lines.size(), writers.size(), "JSON lines from each runner: " + run.stdout());
        }
    }

    @Test
    void theLineCheckRejectsUnknownPackagesAndBadParameterValues() {
        assertThrows(Exception.class, () -> RunArgs.check(List.of("run", "no-such-package")));
        assertThrows(Exception.class, () -> RunArgs.check(List.of("run", "exitsnoop", "--pid", "12abc")));
        assertThrows(Exception.class, () -> RunArgs.check(List.of("run", "exitsnoop", "--no-such-option")));
        assertThrows(Exception.class, () -> RunArgs.check(List.of("run", "exitsnoop", "-o", "xml")));
    }

    @Test
    void whenARunnerExitsTheOthersAreStoppedAndItsStatusIsTheEntrypoints() throws Exception {
        Run run = start("exitsnoop\n# a comment\n\nexecsnoop --fail\n", Map.of("ECLI_STDOUT", "none"));
        assertTrue(run.process.waitFor(20, TimeUnit.SECONDS), "the entrypoint did not end");
        assertEquals(7, run.process.exitValue(), run.stderr());
        assertEquals(1, run.terminated(), run.stderr());
        // The pid it names is the runner's own ($! is the runner, not a wrapper).
        List<Path> failed = run.files("args.").stream().filter(a -> {
            try {
                return Files.readAllLines(a).contains("--fail");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertEquals(1, failed.size());
        String pid = failed.getFirst().getFileName().toString().substring("args.".length());
        assertTrue(run.stderr().contains("entrypoint: execsnoop (pid " + pid + ") exited with status 7"), run.stderr());
        assertEquals(List.of(), run.stdout());
    }

    @Test
    void theEntrypointIsPosixShAndShellcheckClean() throws Exception {
        assertEquals("", exec(List.of("sh", "-n", DeployFiles.ENTRYPOINT.toString())));
        Path shellcheck = Shellcheck.find();
        assertEquals("", exec(List.of(shellcheck.toString(), "-s", "sh", DeployFiles.ENTRYPOINT.toString())));
    }

    /** The command line without the options this runner does not have yet (--metrics, --sink land on their own). */
    private static List<String> withoutOptionsRunLacks(List<String> command) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            if ((a.equals("--metrics") || a.equals("--sink")) && !RunArgs.runHasOption(a)) {
                i++;
                continue;
            }
            out.add(a);
        }
        return out;
    }

    private Run start(String packages, Map<String, String> env) throws IOException {
        Path fake = tmp.resolve("ecli-java");
        Files.writeString(fake, FAKE_RUNNER);
        fake.toFile().setExecutable(true);
        Path list = tmp.resolve("packages");
        Files.writeString(list, packages);
        Path records = Files.createDirectories(tmp.resolve("records"));
        ProcessBuilder pb = new ProcessBuilder("sh", DeployFiles.ENTRYPOINT.toString())
                .redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        pb.environment().put("ECLI_PACKAGES_FILE", list.toString());
        pb.environment().put("ECLI_BIN", fake.toString());
        pb.environment().put("FAKE_DIR", records.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        return new Run(pb.start(), records, tmp);
    }

    private static String exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not end");
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    /** A running entrypoint and what its stand-in runners recorded. */
    private record Run(Process process, Path records, Path tmp) {
        List<List<String>> awaitRunners(int n) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                List<Path> args = files("args.");
                if (args.size() >= n) {
                    List<List<String>> out = new ArrayList<>();
                    for (Path a : args) {
                        out.add(Files.readAllLines(a));
                    }
                    Thread.sleep(300); // a first line of output from each
                    return out;
                }
                if (!process.isAlive()) {
                    fail("the entrypoint ended (" + process.exitValue() + "): " + stderr());
                }
                Thread.sleep(50);
            }
            throw new AssertionError("fewer than " + n + " runners started: " + stderr());
        }

        List<List<String>> environments() throws IOException {
            List<List<String>> out = new ArrayList<>();
            for (Path e : files("env.")) {
                out.add(Files.readAllLines(e));
            }
            return out;
        }

        /** How many runners got SIGTERM; fails when one got it more than once. */
        int terminated() throws IOException {
            List<Path> terms = files("term.");
            for (Path t : terms) {
                assertEquals(List.of("TERM"), Files.readAllLines(t), "SIGTERMs received by runner " + t.getFileName()
                        + " (a second one ends the real runner unflushed)");
            }
            return terms.size();
        }

        List<String> stdout() throws IOException {
            return Files.readAllLines(tmp.resolve("stdout"));
        }

        String stderr() {
            try {
                return Files.readString(tmp.resolve("stderr"));
            } catch (IOException e) {
                return e.toString();
            }
        }

        List<Path> files(String prefix) throws IOException {
            try (Stream<Path> s = Files.list(records)) {
                return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && !p.getFileName().toString().endsWith(".tmp")).sorted().toList();
            }
        }
    }
}
