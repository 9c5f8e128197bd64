package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One libbpf-tools tool run twice over the same workload: our package
 * ({@code packages/libbpf-tools/TOOL}, JSON lines) and Debian's C tool ({@code /usr/sbin/TOOL},
 * its table), both attached before the workload starts and both stopped after it, so a test can
 * compare what each saw of the events it caused.
 */
final class LibbpfTool implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A row of a libbpf-tools histogram: {@code  low -> high : count |**  |}. */
    private static final Pattern HIST_ROW = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)\\s*\\|");

    private final RunnerProcess ours;
    private final Process theirs;
    private final List<String> theirLines = Collections.synchronizedList(new ArrayList<>());

    private LibbpfTool(RunnerProcess ours, Process theirs) {
        this.ours = ours;
        this.theirs = theirs;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(theirs.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    theirLines.add(line);
                }
            } catch (IOException e) {
                // the tool was stopped
            }
        }, "c-tool stdout");
        t.setDaemon(true);
        t.start();
    }

    /** The package directory of {@code tool}. */
    static Path pkg(String tool) {
        return RunnerProcess.repoRoot().resolve("packages/libbpf-tools").resolve(tool);
    }

    /**
     * Starts both and waits until each is attached: ours says so on stderr, the C tool prints
     * its header (a line containing {@code header}) once its buffers are open; a C tool that
     * prints no header ({@code header} null) is attached once it holds a BPF link.
     * @param ourArgs   options after the package, besides {@code -o json}
     * @param theirArgs the C tool's options
     */
    static LibbpfTool start(String tool, List<String> ourArgs, List<String> theirArgs, String header)
            throws Exception {
        RunnerProcess.requireBpf();
        assertTrue(Files.isExecutable(Path.of("/usr/sbin", tool)), "/usr/sbin/" + tool
                + " missing: apt-get install libbpf-tools (scripts/setup.sh does)");
        List<String> args = new ArrayList<>(List.of("run", pkg(tool).toString(), "-o", "json"));
        args.addAll(ourArgs);
        RunnerProcess ours = RunnerProcess.start(args.toArray(String[]::new));
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "/usr/sbin/" + tool));
        cmd.addAll(theirArgs);
        Process theirs = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        LibbpfTool t = new LibbpfTool(ours, theirs);
        try {
            ours.awaitStderr(l -> l.contains("attached"), 60);
            if (header == null) {
                t.awaitTheirLink(30);
            } else {
                t.awaitTheirs(l -> l.contains(header), 30);
            }
            Thread.sleep(300); // the C tool prints its header just before it polls
        } catch (Throwable e) {
            t.close();
            throw e;
        }
        return t;
    }

    private void awaitTheirs(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            synchronized (theirLines) {
                if (theirLines.stream().anyMatch(p)) {
                    return;
                }
            }
            if (!theirs.isAlive()) {
                fail("the C tool exited with " + theirs.exitValue() + "; its output: " + theirLines);
            }
            Thread.sleep(20);
        }
        fail("the C tool printed no header in " + seconds + " s: " + theirLines);
    }

    private void awaitTheirLink(long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!fdinfoLines(theirs.pid(), "link_id:").isEmpty()) {
                return;
            }
            if (!theirs.isAlive()) {
                fail("the C tool exited with " + theirs.exitValue() + "; its output: " + theirLines);
            }
            Thread.sleep(20);
        }
        fail("the C tool attached nothing in " + seconds + " s: " + theirLines);
    }

    /** The values of the lines starting with {@code key} in a process's {@code /proc/PID/fdinfo}. */
    private static List<String> fdinfoLines(long pid, String key) throws IOException {
        List<String> out = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fdinfo"))) {
            for (Path info : fds.toList()) {
                try {
                    for (String line : Files.readAllLines(info)) {
                        if (line.startsWith(key)) {
                            out.add(line.substring(key.length()).strip());
                        }
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            }
        }
        return out;
    }

    /**
     * Waits {@code settleMillis} for the last records, stops both, and returns our events.
     * @return every JSON line ours printed, in order
     */
    List<JsonNode> stop(long settleMillis) throws Exception {
        Thread.sleep(settleMillis);
        new ProcessBuilder("kill", "-INT", Long.toString(theirs.pid())).start().waitFor();
        assertEquals(0, ours.signal("INT"), "ours exits cleanly; stderr: " + ours.stderr);
        theirs.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(100);
        List<JsonNode> out = new ArrayList<>();
        synchronized (ours.allStdout) {
            for (String line : ours.allStdout) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** The C tool's output lines, split on white space, after {@link #stop}. */
    List<List<String>> theirRows() {
        synchronized (theirLines) {
            return theirLines.stream().map(l -> Arrays.asList(l.trim().split("\\s+"))).toList();
        }
    }

    /**
     * The C tool's histograms, each as the sum of its buckets' counts, keyed by the line that
     * names it ({@code disk = loop0}, {@code pid = 42 sh}, {@code Process Name = dd}; stripped,
     * "" for one histogram with no name), after {@link #stop}.
     */
    Map<String, Long> theirHistogramTotals() {
        Map<String, Long> out = new LinkedHashMap<>();
        String name = "";
        String last = "";
        for (String line : theirLines()) {
            Matcher m = HIST_ROW.matcher(line);
            if (m.find()) {
                out.merge(name, Long.parseLong(m.group(3)), Long::sum);
                last = "";
            } else if (line.contains(": count") && line.contains("distribution")) {
                name = last; // the bucket header follows the histogram's name, if any
                out.putIfAbsent(name, 0L);
            } else if (!line.isBlank()) {
                last = line.startsWith("Tracing") ? "" : line.strip(); // the banner names nothing
            }
        }
        return out;
    }

    /** The C tool's raw output lines. */
    List<String> theirLines() {
        synchronized (theirLines) {
            return List.copyOf(theirLines);
        }
    }

    /** The pids of ours and of the C tool. */
    long[] pids() {
        return new long[] {ours.process.pid(), theirs.pid()};
    }

    /**
     * The names of the BPF programs a process holds open (from {@code /proc/PID/fdinfo}'s
     * {@code prog_id}, named by bpftool), sorted.
     */
    static List<String> programsOf(long pid) throws Exception {
        List<String> out = new ArrayList<>();
        for (String id : fdinfoLines(pid, "prog_id:")) {
            Process p = new ProcessBuilder("bpftool", "-j", "prog", "show", "id", id).start();
            JsonNode prog = JSON.readTree(p.getInputStream());
            p.waitFor(10, TimeUnit.SECONDS);
            out.add(prog.path("name").asText());
        }
        return out.stream().sorted().distinct().toList();
    }

    /** Our stderr. */
    List<String> ourStderr() {
        return ours.stderr;
    }

    @Override
    public void close() {
        ours.close();
        theirs.destroyForcibly();
    }

    /** Runs a command to its end and returns its pid. */
    static long run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
        return p.pid();
    }
}
