package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.objinfo.MapType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tables of examples/README.md are what this machine does: every {@code sections/NAME}
 * package the attach table marks yes attaches and sends an event; every one marked no fails
 * (exit status 4) with the words the table quotes, before anything is loaded. The map table's
 * examples have the map types it says they use.
 */
class AttachTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECTION_PACKAGE = Pattern.compile("`sections/([a-z_]+)`");
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    /** One row: packages it names under sections/, yes or no, and the words expected when no. */
    record Row(List<String> packages, boolean works, String words) {}

    private static List<List<String>> table(String marker) throws Exception {
        List<String> lines = Files.readAllLines(RunnerProcess.repoRoot().resolve("examples/README.md"));
        int at = lines.indexOf(marker);
        assertTrue(at >= 0, "examples/README.md has " + marker);
        List<List<String>> rows = new ArrayList<>();
        for (int i = at + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String l = lines.get(i);
            List<String> cells = new ArrayList<>();
            for (String c : l.substring(1, l.length() - 1).split(" \\| ", -1)) {
                cells.add(c.strip());
            }
            rows.add(cells);
        }
        return rows;
    }

    static List<Row> attachRows() throws Exception {
        List<Row> out = new ArrayList<>();
        for (List<String> cells : table("<!-- attach-table -->")) {
            assertEquals(5, cells.size(), cells.toString());
            List<String> packages = new ArrayList<>();
            Matcher m = SECTION_PACKAGE.matcher(cells.get(3));
            while (m.find()) {
                packages.add(m.group(1));
            }
            boolean works = cells.get(2).startsWith("yes");
            assertTrue(works || cells.get(2).startsWith("no: "), "here is yes or 'no: why': " + cells);
            Matcher q = QUOTED.matcher(cells.get(4));
            String words = q.find() ? q.group(1) : "";
            assertEquals(works, words.isEmpty(), "a no row quotes the runner's words, a yes row none: " + cells);
            out.add(new Row(packages, works, words));
        }
        return out;
    }

    private static Path sections() {
        return RunnerProcess.repoRoot().resolve("runner/src/test/bpf/sections");
    }

    private static String[] args(String name, String... more) {
        List<String> a = new ArrayList<>(List.of("run", sections().resolve(name).toString()));
        a.addAll(List.of(more));
        if (name.equals("usdt")) {
            a.addAll(List.of("--jvm", Path.of(System.getProperty("java.home"), "lib/server/libjvm.so").toString()));
        }
        return a.toArray(String[]::new);
    }

    @Test
    void everySectionsPackageIsInTheTableAndEveryRowIsOnlyOnce() throws Exception {
        List<String> named = new ArrayList<>();
        attachRows().forEach(r -> named.addAll(r.packages()));
        List<String> present;
        try (var s = Files.list(sections())) {
            present = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(present, named.stream().sorted().toList());
    }

    @Tag("bpf")
    @Test
    void rowsMarkedNoFailBeforeLoadWithTheQuotedWords() throws Exception {
        RunnerProcess.requireBpf();
        Map<String, RunnerProcess> runs = new LinkedHashMap<>();
        Map<String, String> words = new LinkedHashMap<>();
        try {
            for (Row r : attachRows()) {
                if (!r.works()) {
                    for (String p : r.packages()) {
                        words.put(p, r.words());
                    }
                }
            }
            // A few at a time: more JVMs starting at once than CPUs only slows them all down.
            List<String> names = new ArrayList<>(words.keySet());
            int parallel = Math.max(2, Runtime.getRuntime().availableProcessors());
            for (int i = 0; i < names.size(); i++) {
                if (i >= parallel) {
                    runs.get(names.get(i - parallel)).waitFor();
                }
                runs.put(names.get(i), RunnerProcess.start(args(names.get(i))));
            }
            for (Map.Entry<String, RunnerProcess> e : runs.entrySet()) {
                RunnerProcess r = e.getValue();
                assertEquals(4, r.waitFor(), e.getKey() + ": " + r.stderr);
                assertEquals(1, r.stderr.size(), e.getKey() + ": one line: " + r.stderr);
                String line = r.stderr.getFirst();
                assertTrue(line.startsWith("ecli-java: ") && line.contains("program prog (SEC "),
                        "names the program and its section: " + line);
                assertTrue(line.contains(words.get(e.getKey())), e.getKey() + ": " + line);
                assertTrue(r.allStdout.isEmpty(), r.allStdout.toString());
            }
        } finally {
            runs.values().forEach(RunnerProcess::close);
        }
    }

    @Tag("bpf")
    @Test
    void rowsMarkedYesAttachAndSendEvents() throws Exception {
        RunnerProcess.requireBpf();
        Map<String, RunnerProcess> runs = new LinkedHashMap<>();
        try {
            for (Row r : attachRows()) {
                if (r.works()) {
                    for (String p : r.packages()) {
                        runs.put(p, RunnerProcess.start(args(p, "-o", "json", "--max-events", "1", "--duration", "30")));
                    }
                }
            }
            for (RunnerProcess r : runs.values()) {
                r.awaitStderr(l -> l.contains("attached"), 60);
            }
            // Causes: execs (tracepoints, libc's exit and getpid), CPU time (perf_event), a JVM
            // starting threads (usdt); the iterator runs by itself.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                    .redirectErrorStream(true).start().waitFor();
            while (runs.values().stream().anyMatch(r -> r.process.isAlive()) && System.nanoTime() < deadline) {
                new ProcessBuilder("sh", "-c", "/bin/true; echo $$ >/dev/null").start().waitFor();
                Thread.sleep(20);
            }
            for (Map.Entry<String, RunnerProcess> e : runs.entrySet()) {
                RunnerProcess r = e.getValue();
                assertEquals(0, r.waitFor(), e.getKey() + ": " + r.stderr);
                List<String> json = r.allStdout.stream().filter(l -> l.startsWith("{")).toList();
                assertEquals(1, json.size(), e.getKey() + ": " + r.allStdout);
                var hit = JSON.readTree(json.getFirst());
                assertTrue(hit.get("pid").asLong() >= 0 && hit.has("comm"), e.getKey() + ": " + hit);
                if (e.getKey().equals("iter")) {
                    // The iterator's own text: one pid per process, ours among them.
                    assertTrue(r.allStdout.contains(Long.toString(ProcessHandle.current().pid())),
                            "iter's seq_file text goes to stdout: " + r.allStdout.size() + " lines");
                }
            }
        } finally {
            runs.values().forEach(RunnerProcess::close);
        }
    }

    @Test
    void theMapTablesExamplesUseTheirMapTypes() throws Exception {
        List<List<String>> rows = table("<!-- map-table -->");
        assertFalse(rows.isEmpty());
        for (List<String> cells : rows) {
            Matcher types = QUOTED.matcher(cells.get(0));
            List<String> named = new ArrayList<>();
            while (types.find()) {
                named.add(types.group(1));
            }
            for (String example : cells.get(2).split("[,;] *")) {
                if (example.equals("—")) {
                    continue;
                }
                Path dir = RunnerProcess.repoRoot().resolve(example.equals("exitsnoop") ? "packages/exitsnoop"
                        : "examples/" + example);
                PackageSpec spec = PackageLoader.load(dir);
                List<String> have = spec.object().maps().stream()
                        .map(m -> MapType.name(m.type())).toList();
                assertTrue(named.stream().anyMatch(have::contains), example + " uses " + named + ": it has " + have);
            }
        }
    }
}
