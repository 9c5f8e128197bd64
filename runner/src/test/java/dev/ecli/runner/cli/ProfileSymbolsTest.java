package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/profile names user frames: a C program the test builds (-O2, PIE) spinning in known
 * functions, with frame pointers, without, and stripped with a debug link; a Java program
 * spinning in a known method, through the JVM's perf map, also in a pid namespace of its own;
 * and -o folded for flame graph tools.
 */
@Tag("bpf")
class ProfileSymbolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAF = "ecli_spin_leaf", CALLER = "ecli_spin_caller";
    private static final String SOURCE = """
            volatile unsigned long sink;
            __attribute__((noinline)) void ecli_spin_leaf(unsigned long n) { for (unsigned long i = 0; i < n; i++) sink += i * i; }
            __attribute__((noinline)) void ecli_spin_caller(void) { for (;;) ecli_spin_leaf(100000); }
            int main(void) { ecli_spin_caller(); return 0; }
            """;

    @TempDir
    Path tmp;

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/profile").toString();
    }

    private static void run(Path dir, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }

    /** Builds spin.c as {@code name} with {@code flags}. */
    private Path build(String name, String... flags) throws Exception {
        Path src = tmp.resolve("spin.c");
        Files.writeString(src, SOURCE);
        List<String> argv = new ArrayList<>(List.of("clang", "-O2", "-fPIE", "-pie"));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("-o", name, "spin.c"));
        run(tmp, argv.toArray(String[]::new));
        return tmp.resolve(name);
    }

    /** The user frames of every row of a 1.5 s profile of {@code pid}, innermost first. */
    private static List<List<String>> userStacks(long pid) throws Exception {
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json", "--pid", Long.toString(pid),
                "-F", "199", "--duration", "1.5")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            List<List<String>> out = new ArrayList<>();
            for (String line : r.allStdout) {
                List<String> frames = new ArrayList<>();
                JSON.readTree(line).get("user_stack_id_frames").forEach(f -> frames.add(f.asText()));
                if (!frames.isEmpty()) {
                    out.add(frames);
                }
            }
            assertTrue(!out.isEmpty(), "no user stacks: " + r.allStdout);
            return out;
        }
    }

    private static List<List<String>> profile(Path binary) throws Exception {
        Process p = new ProcessBuilder(binary.toString()).start();
        try {
            Thread.sleep(200);
            return userStacks(p.pid());
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void framePointersNameTheLeafAndItsCallers() throws Exception {
        RunnerProcess.requireBpf();
        List<List<String>> stacks = profile(build("spin-fp", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer"));
        assertTrue(stacks.stream().anyMatch(s -> s.size() >= 3 && s.subList(0, 3).equals(List.of(LEAF, CALLER, "main"))),
                "leaf, caller, main: " + stacks);
        stacks.forEach(s -> assertTrue(s.getFirst().equals(LEAF) || s.getFirst().equals(CALLER), s.toString()));
    }

    @Test
    void withoutFramePointersTheLeafIsNamedAndNoCallerIsGuessed() throws Exception {
        RunnerProcess.requireBpf();
        List<List<String>> stacks = profile(build("spin-nofp", "-fomit-frame-pointer"));
        assertTrue(stacks.stream().anyMatch(s -> s.getFirst().equals(LEAF)), stacks.toString());
        // what the unwinder could not follow is [unknown] or missing, never another function's name
        Set<String> truth = Set.of(LEAF, CALLER, "main", "[unknown]", "__libc_start_call_main", "__libc_start_main",
                "_start");
        stacks.forEach(s -> s.forEach(f -> assertTrue(truth.contains(f), f + " in " + s)));
    }

    @Test
    void aStrippedBinaryIsNamedFromItsDebugLink() throws Exception {
        RunnerProcess.requireBpf();
        Path bin = build("spin-dbg", "-g", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer");
        run(tmp, "llvm-objcopy", "--only-keep-debug", "spin-dbg", "spin-dbg.debug");
        run(tmp, "llvm-strip", "--strip-all", "spin-dbg");
        run(tmp, "llvm-objcopy", "--add-gnu-debuglink=spin-dbg.debug", "spin-dbg");
        Process nm = new ProcessBuilder("llvm-nm", bin.toString()).redirectErrorStream(true).start();
        assertTrue(!new String(nm.getInputStream().readAllBytes()).contains(LEAF), "stripped");
        List<List<String>> stacks = profile(bin);
        assertTrue(stacks.stream().anyMatch(s -> s.size() >= 2 && s.subList(0, 2).equals(List.of(LEAF, CALLER))),
                "named from spin-dbg.debug: " + stacks);
    }

    @Test
    void aStrippedBinaryIsNamedByBuildIdFromItsOwnMountNamespace() throws Exception {
        RunnerProcess.requireBpf();
        Path bin = build("spin-id", "-g", "-Wl,--build-id", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer");
        run(tmp, "llvm-objcopy", "--only-keep-debug", "spin-id", "spin-id.debug");
        run(tmp, "llvm-strip", "--strip-all", "spin-id");
        Process readelf = new ProcessBuilder("llvm-readelf", "-n", bin.toString()).redirectErrorStream(true).start();
        String notes = new String(readelf.getInputStream().readAllBytes());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Build ID: ([0-9a-f]+)").matcher(notes);
        assertTrue(m.find(), notes);
        String id = m.group(1);
        // Debian's -dbgsym layout, but only in the program's own mount namespace: /usr/lib/debug is a
        // tmpfs there, so the runner must look through /proc/PID/root
        String script = "mkdir -p /usr/lib/debug && mount -t tmpfs ecli-debug /usr/lib/debug"
                + " && mkdir -p /usr/lib/debug/.build-id/" + id.substring(0, 2)
                + " && cp " + tmp.resolve("spin-id.debug") + " /usr/lib/debug/.build-id/" + id.substring(0, 2) + "/"
                + id.substring(2) + ".debug && exec " + bin;
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script).start();
        try {
            Thread.sleep(300);
            assertTrue(Files.notExists(Path.of("/usr/lib/debug/.build-id/" + id.substring(0, 2) + "/" + id.substring(2)
                    + ".debug")), "not in this namespace");
            List<List<String>> stacks = userStacks(p.pid());
            assertTrue(stacks.stream().anyMatch(s -> s.size() >= 2 && s.subList(0, 2).equals(List.of(LEAF, CALLER))),
                    "named from its build id's debug file: " + stacks);
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void foldedOutputForFlameGraphs() throws Exception {
        RunnerProcess.requireBpf();
        Process p = new ProcessBuilder(build("spin-fp", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer")
                .toString()).start();
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "folded", "--pid", Long.toString(p.pid()),
                "--duration", "1.5")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            // comm;outermost;...;innermost COUNT, one line per distinct stack
            assertTrue(r.allStdout.stream().anyMatch(l -> l.matches("spin-fp;(.*;)?main;" + CALLER + ";" + LEAF + " \\d+")),
                    r.allStdout.toString());
            r.allStdout.forEach(l -> assertTrue(l.matches("spin-fp;[^ ]+ \\d+"), l));
            assertEquals(r.allStdout.size(), r.allStdout.stream().map(l -> l.substring(0, l.lastIndexOf(' ')))
                    .distinct().count(), "stacks that read the same are one line");
        } finally {
            p.destroyForcibly();
        }
        RunnerProcess r = RunnerProcess.start("run", RunnerProcess.repoRoot().resolve("examples/sigsnoop").toString(),
                "-o", "folded");
        assertEquals(2, r.waitFor(), "a package without stacks: " + r.stderr);
        assertEquals(List.of("ecli-java: -o folded writes stacks, and sigsnoop samples no map with stacks"
                + " (maps.NAME.stacks)"), r.stderr.stream().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void offcputimeNamesASleepersOwnFramesAndTheSchedulersFrames() throws Exception {
        RunnerProcess.requireBpf();
        Files.writeString(tmp.resolve("nap.c"), """
                #include <time.h>
                __attribute__((noinline)) void ecli_nap(void) { struct timespec t = {0, 300000000}; for (;;) clock_nanosleep(CLOCK_MONOTONIC, 0, &t, 0); }
                int main(void) { ecli_nap(); return 0; }
                """);
        run(tmp, "clang", "-O2", "-fPIE", "-pie", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer", "-o", "nap",
                "nap.c");
        Process nap = new ProcessBuilder(tmp.resolve("nap").toString()).start();
        try (RunnerProcess r = RunnerProcess.start("run", LibbpfTool.pkg("offcputime").toString(), "-o", "folded",
                "-p", Long.toString(nap.pid()), "-m", "100000", "--duration", "1.5")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            // nap;...;main;clock_nanosleep;...kernel..._[k];schedule_[k];... COUNT: its own frames (libc keeps no
            // frame pointer, so ecli_nap itself is passed over), then the kernel's down to schedule
            assertTrue(r.allStdout.stream().anyMatch(l -> l.startsWith("nap;") && l.contains(";main;")
                    && l.contains(";clock_nanosleep;") && l.contains(";schedule_[k];")), r.allStdout.toString());
        } finally {
            nap.destroyForcibly();
        }
    }

    @Test
    void speedscopeReadsTheFoldedOutput() throws Exception {
        RunnerProcess.requireBpf();
        Path speedscope = RunnerProcess.repoRoot().resolve("build/npm/node_modules/speedscope/dist/release/index.html");
        assertTrue(Files.isRegularFile(speedscope), "scripts/setup.sh installs speedscope from npm: " + speedscope);
        Process p = new ProcessBuilder(build("spin-fp", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer")
                .toString()).start();
        String folded;
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "folded", "--pid", Long.toString(p.pid()),
                "--duration", "1.5")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            folded = String.join("\n", r.allStdout) + "\n";
        } finally {
            p.destroyForcibly();
        }
        long samples = folded.lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        // speedscope's own way of opening a file from its command line: a script that hands it the bytes
        Path js = tmp.resolve("profile.js");
        Files.writeString(js, "speedscope.loadFileFromBase64(\"profile.folded\", \""
                + java.util.Base64.getEncoder().encodeToString(folded.getBytes()) + "\")");
        Process d = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("chromium"), "--virtual-time-budget=10000", "--dump-dom",
                speedscope.toUri() + "#localProfilePath=" + js + "&view=sandwich")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(d.getInputStream().readAllBytes());
        assertTrue(d.waitFor(90, TimeUnit.SECONDS));
        // its sandwich table: a row per function with its samples, the leaf's total being every sample
        assertTrue(dom.contains(samples + " (100%)") && dom.contains(LEAF + "</td>") && dom.contains(CALLER + "</td>"),
                samples + " samples in: " + dom.substring(0, Math.min(dom.length(), 400)));
    }

    @Test
    void theFlameGraphRendersInHeadlessChromium() throws Exception {
        RunnerProcess.requireBpf();
        Process p = new ProcessBuilder(build("spin-fp", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer")
                .toString()).start();
        Path svg = tmp.resolve("profile.svg");
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "flamegraph", "--pid", Long.toString(p.pid()),
                "--duration", "1.5")) {
            assertEquals(0, r.waitFor(), "stderr: " + r.stderr);
            Files.writeString(svg, String.join("\n", r.allStdout) + "\n");
        } finally {
            p.destroyForcibly();
        }
        // the screenshot is kept beside the test reports, for a person to look at
        Path png = Path.of("target", "flamegraph-" + ProcessHandle.current().pid() + ".png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        List<String> chromium = List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("chromium"));
        List<String> shot = new ArrayList<>(chromium);
        shot.addAll(List.of("--screenshot=" + png, "--window-size=1200,400", svg.toUri().toString()));
        run(tmp, shot.toArray(String[]::new));
        assertTrue(Files.size(png) > 1000, "a screenshot: " + png);
        System.out.println("flame graph screenshot: " + png);
        List<String> dump = new ArrayList<>(chromium);
        dump.addAll(List.of("--dump-dom", svg.toUri().toString()));
        Process d = new ProcessBuilder(dump).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(d.getInputStream().readAllBytes());
        assertTrue(d.waitFor(60, TimeUnit.SECONDS));
        assertTrue(dom.contains(">" + LEAF + "<") && dom.contains(LEAF + " ("), "the leaf's box and its title, as rendered");
    }

    @Test
    void aJavaMethodIsNamedFromTheJvmsPerfMapAlsoInItsOwnPidNamespace() throws Exception {
        RunnerProcess.requireBpf();
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Files.writeString(tmp.resolve("Spin.java"), """
                public class Spin {
                    static volatile long sink;
                    static long ecliSpinMethod(long n) { long s = 0; for (long i = 0; i < n; i++) { s += i * i ^ (s >>> 3); } return s; }
                    public static void main(String[] a) { for (;;) sink += ecliSpinMethod(1_000_000); }
                }
                """);
        run(tmp, bin.resolve("javac").toString(), "Spin.java");
        for (boolean ownNamespace : new boolean[] {false, true}) {
            List<String> argv = new ArrayList<>(ownNamespace ? List.of("unshare", "--pid", "--fork", "--mount-proc")
                    : List.of());
            argv.addAll(List.of(bin.resolve("java").toString(), "-XX:+PreserveFramePointer", "-cp", tmp.toString(),
                    "Spin"));
            Process launched = new ProcessBuilder(argv).start();
            try {
                long pid = ownNamespace ? childJava(launched.pid()) : launched.pid();
                Thread.sleep(1500); // compiled by then
                run(tmp, bin.resolve("jcmd").toString(), Long.toString(pid), "Compiler.perfmap");
                List<List<String>> stacks = userStacks(pid);
                assertTrue(stacks.stream().anyMatch(s -> s.stream().anyMatch(f -> f.contains("Spin.ecliSpinMethod"))),
                        (ownNamespace ? "in a pid namespace: " : "") + stacks);
            } finally {
                launched.descendants().forEach(ProcessHandle::destroyForcibly);
                launched.destroyForcibly();
                launched.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The java process unshare started (its child, pid 1 in the new namespace). */
    private static long childJava(long unshare) throws Exception {
        for (int i = 0; i < 50; i++) {
            var kids = ProcessHandle.of(unshare).map(h -> h.children().toList()).orElse(List.of());
            if (!kids.isEmpty()) {
                return kids.getFirst().pid();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("unshare started no java");
    }
}
