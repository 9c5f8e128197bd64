package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.pkg.EmbeddedBtfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package built with {@code --btfgen} runs where the kernel's own BTF is missing: each run is
 * in a private mount namespace with an empty tmpfs over /sys/kernel/btf, so neither libbpf nor
 * the runner can read /sys/kernel/btf/vmlinux there.
 */
@Tag("bpf")
class PortableBtfTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs what follows with /sys/kernel/btf hidden, in a mount namespace of its own. */
    private static final List<String> WITHOUT_KERNEL_BTF = List.of("unshare", "--mount", "--propagation", "private",
            "sh", "-c", "mount -t tmpfs none /sys/kernel/btf && exec \"$@\"", "hide-btf");

    @TempDir
    Path tmp;

    /** A copy of the seed package's sources, built with the given extra build arguments. */
    private Path built(String... buildArgs) throws Exception {
        Path committed = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        Path dir = Files.createDirectories(tmp.resolve("exitsnoop"));
        for (String f : List.of("exitsnoop.bpf.c", "exitsnoop.h", "package.yaml")) {
            Files.copy(committed.resolve(f), dir.resolve(f));
        }
        List<String> args = new java.util.ArrayList<>(List.of("build", dir.toString()));
        args.addAll(List.of(buildArgs));
        try (RunnerProcess b = RunnerProcess.start(args.toArray(String[]::new))) {
            assertEquals(0, b.waitFor(), "build: " + b.stdout + b.stderr);
        }
        return dir;
    }

    @Test
    void carriedBtfDecodesAnExitWhereTheKernelHasNone() throws Exception {
        RunnerProcess.requireBpf();
        String release = EmbeddedBtfs.kernelRelease();
        Path dir = built("--btfgen", "/sys/kernel/btf/vmlinux");
        Path carried = dir.resolve("btf/" + release + ".btf");
        assertTrue(Files.size(carried) > 0 && Files.size(carried) < 64 * 1024, "minimized: " + Files.size(carried));
        assertTrue(Files.readString(dir.resolve("package.yaml")).contains("file: btf/" + release + ".btf"));
        try (RunnerProcess r = RunnerProcess.startWrapped(WITHOUT_KERNEL_BTF, "run", dir.toString(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
            assertEquals(7, child.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));
            assertEquals(child.pid(), e.get("pid").asLong());
            assertEquals(child.pid(), e.get("tid").asLong());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals(7, e.get("exit_code").asInt());
            assertEquals(0, e.get("sig").asInt());
            assertEquals("sh", e.get("comm").asText());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }

    /** eunomia's form, as ecc --btfgen packs it: package.json and btfhub-archive/ID/VERSION_ID/ARCH/RELEASE.btf. */
    @Test
    void eunomiaTarWithBtfhubArchiveRunsWhereTheKernelHasNone() throws Exception {
        RunnerProcess.requireBpf();
        Path object = RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o");
        Path src = Files.createDirectories(tmp.resolve("tar-src"));
        Files.writeString(src.resolve("package.json"), JSON.writeValueAsString(
                EunomiaRunTest.eunomiaPackage(Files.readAllBytes(object), "exitsnoop", "event")));
        java.util.Map<String, String> os = new java.util.HashMap<>();
        for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
            if (l.contains("=")) {
                os.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1).replace("\"", ""));
            }
        }
        Path archive = Files.createDirectories(src.resolve("btfhub-archive/" + os.get("ID") + "/" + os.get("VERSION_ID")
                + "/x86_64"));
        Path btf = archive.resolve(EmbeddedBtfs.kernelRelease() + ".btf");
        run("bpftool", "gen", "min_core_btf", "/sys/kernel/btf/vmlinux", btf.toString(), object.toString());
        Path tar = tmp.resolve("exitsnoop.tar");
        run("tar", "-cf", tar.toString(), "-C", src.toString(), ".");
        try (RunnerProcess r = RunnerProcess.startWrapped(WITHOUT_KERNEL_BTF, "run", tar.toString(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
            assertEquals(7, child.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));
            assertEquals(7, e.get("exit_code").asInt());
            assertEquals(ProcessHandle.current().pid(), e.get("ppid").asLong());
            assertEquals("sh", e.get("comm").asText());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
        Files.delete(btf);
        Files.write(archive.resolve("5.4.0-1-generic.btf"), Files.readAllBytes(object));
        run("tar", "-cf", tar.toString(), "-C", src.toString(), ".");
        try (RunnerProcess r = RunnerProcess.startWrapped(WITHOUT_KERNEL_BTF, "run", tar.toString())) {
            assertEquals(ExitCodes.KERNEL, r.waitFor(), r.stderr.toString());
            assertTrue(r.stderr.getFirst().contains("exitsnoop carries BTF for 5.4.0-1-generic (" + os.get("ID") + " "
                    + os.get("VERSION_ID") + " x86_64) only;"), r.stderr.toString());
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    @Test
    void withoutCarriedBtfOneLineSaysWhatToAdd() throws Exception {
        RunnerProcess.requireBpf();
        String release = EmbeddedBtfs.kernelRelease();
        Path seed = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        try (RunnerProcess r = RunnerProcess.startWrapped(WITHOUT_KERNEL_BTF, "run", seed.toString())) {
            assertEquals(ExitCodes.KERNEL, r.waitFor(), r.stderr.toString());
            assertEquals(List.of("ecli-java: this kernel (" + release + ") has no BTF at /sys/kernel/btf/vmlinux and"
                    + " exitsnoop carries no kernel BTF; add this kernel with 'ecli-java build DIR --btfgen FILE="
                    + release + "' (FILE: its BTF, e.g. from BTFHub), or run with --btf FILE"), r.stderr);
        }
    }

    @Test
    void btfForOtherKernelsOnlyIsNamed() throws Exception {
        RunnerProcess.requireBpf();
        Path dir = built("--btfgen", "/sys/kernel/btf/vmlinux=5.15.0-91-generic");
        try (RunnerProcess r = RunnerProcess.startWrapped(WITHOUT_KERNEL_BTF, "run", dir.toString())) {
            assertEquals(ExitCodes.KERNEL, r.waitFor(), r.stderr.toString());
            assertEquals(1, r.stderr.size(), r.stderr.toString());
            assertTrue(r.stderr.getFirst().contains("exitsnoop carries BTF for 5.15.0-91-generic only;"), r.stderr.toString());
        }
    }
}
