package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/package.sh, end to end: it builds the jar, a jlink'ed runtime, the tarball and the
 * .deb from a copy of the sources; the unpacked tarball runs by itself; the .deb installs with
 * apt-get on this machine, runs exitsnoop from /usr/share/ecli-java, brings its man page and
 * completion, and is removed without a trace.
 */
@Tag("bpf")
class DistPackageTest {
    private static final Path BIN = Path.of("/usr/bin/ecli-java");

    @TempDir
    Path tmp;

    @Test
    void tarballRunsAndDebInstallsRunsAndRemovesCleanly() throws Exception {
        RunnerProcess.requireBpf();
        boolean ci = "true".equals(System.getenv("CI"));
        boolean debian = Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb"));
        if (ci) {
            assertTrue(debian, "CI=true: apt-get and dpkg-deb are needed");
        }
        Assumptions.assumeTrue(debian, "needs Debian's apt-get and dpkg-deb");
        boolean installed = sh("dpkg-query -W -f='${Status}' ecli-java 2>/dev/null").contains("ok installed");
        if (ci) {
            assertFalse(installed, "ecli-java is already installed; this test installs and removes its own");
        }
        Assumptions.assumeFalse(installed, "ecli-java is installed here already; not replacing it");

        Path src = copySources(tmp.resolve("src"));
        Path dist = tmp.resolve("dist");
        String log = run(List.of(src.resolve("scripts/package.sh").toString(), "--out", dist.toString()), src, 240);
        List<Path> made;
        try (Stream<Path> s = Files.list(dist)) {
            made = s.sorted().toList();
        }
        assertEquals(2, made.size(), made + "\n" + log);
        Path tarball = made.stream().filter(p -> p.toString().endsWith("-linux-amd64.tar.gz") || p.toString()
                .endsWith(".tar.gz")).findFirst().orElseThrow();
        Path deb = made.stream().filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();

        // The tarball: a prefix that runs where it is unpacked, with no JDK on PATH.
        Path unpacked = tmp.resolve("unpacked");
        Files.createDirectories(unpacked);
        run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), tmp, 60);
        Path prefix;
        try (Stream<Path> s = Files.list(unpacked)) {
            prefix = s.findFirst().orElseThrow();
        }
        for (String f : List.of("bin/ecli-java", "lib/ecli-java/ecli-java.jar", "lib/ecli-java/runtime/bin/java",
                "lib/ecli-java/ecli-java.aot", "share/ecli-java/packages/exitsnoop/package.yaml",
                "share/ecli-java/examples", "share/ecli-java/schemas/package.schema.json",
                "share/man/man1/ecli-java.1.gz", "share/bash-completion/completions/ecli-java",
                "share/zsh/vendor-completions/_ecli-java")) {
            assertTrue(Files.exists(prefix.resolve(f)), "tarball has " + f);
        }
        String list = run(List.of("env", "PATH=/usr/bin:/bin", prefix.resolve("bin/ecli-java").toString(), "list"),
                tmp, 60);
        assertTrue(list.contains(prefix.resolve("share/ecli-java/packages/exitsnoop").toString()), list);
        String inspect = run(List.of(prefix.resolve("bin/ecli-java").toString(), "inspect", "exitsnoop"), tmp, 60);
        assertTrue(inspect.startsWith("package  exitsnoop"), inspect);
        assertTrue(scrape(prefix.resolve("bin/ecli-java")).contains("ecli_events_total{map=\"rb\",package=\"exitsnoop\"}"),
                "the linked runtime serves --metrics (jdk.httpserver)");
        // The Kafka client of --sink needs more of the JDK than java.base (JMX, SASL): on the
        // linked runtime it is made, finds no broker on the discard port, and gives up its queue.
        String sink = run(List.of(prefix.resolve("bin/ecli-java").toString(), "run", "exitsnoop", "-o", "none", "-q",
                "--duration", "1", "--sink", "kafka://127.0.0.1:9/t?close-ms=0"), tmp, 60);
        assertTrue(sink.lines().allMatch(l -> l.startsWith("ecli-java: ")) && sink.contains(" in "), sink);

        // The Debian package.
        String info = run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Depends"), tmp, 30);
        assertTrue(info.contains("Package: ecli-java") && info.contains("libbpf1"), info);
        try {
            run(List.of("apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=120", deb.toString()), tmp, 300);
            assertTrue(Files.isExecutable(BIN));
            String event = runExitsnoop();
            assertTrue(event.lines().anyMatch(l -> l.matches("\\d+\\s+\\d+\\s+.*")), "one event row:\n" + event);
            assertEquals("/usr/share/man/man1/ecli-java.1.gz", sh("man -w ecli-java").strip());
            String man = sh("MANPAGER=cat MANWIDTH=80 man ecli-java 2>&1");
            assertTrue(man.contains("ecli-java run"), man);
            String spec = sh("bash --norc -c 'source /usr/share/bash-completion/completions/ecli-java;"
                    + " complete -p ecli-java'");
            assertTrue(spec.contains("ecli-java"), spec);
        } finally {
            run(List.of("apt-get", "remove", "-y", "-q", "-o", "DPkg::Lock::Timeout=120", "ecli-java"), tmp, 300);
        }
        for (String gone : List.of("/usr/bin/ecli-java", "/usr/lib/ecli-java", "/usr/share/ecli-java",
                "/usr/share/man/man1/ecli-java.1.gz", "/usr/share/bash-completion/completions/ecli-java",
                "/usr/share/doc/ecli-java")) {
            assertFalse(Files.exists(Path.of(gone)), gone + " is left after apt-get remove");
        }
        assertFalse(sh("dpkg-query -W -f='${Status}' ecli-java 2>/dev/null").contains("installed"));
    }

    /** {@code ecli-java run /usr/share/ecli-java/packages/exitsnoop --max-events 1}, with processes exiting. */
    private String runExitsnoop() throws Exception {
        Process p = new ProcessBuilder(BIN.toString(), "run", "/usr/share/ecli-java/packages/exitsnoop",
                "--max-events", "1").redirectErrorStream(true).start();
        Thread exits = Thread.ofVirtual().start(() -> {
            while (p.isAlive()) {
                try {
                    new ProcessBuilder("true").start().waitFor();
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("installed ecli-java did not stop: " + out);
        }
        exits.interrupt();
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Runs exitsnoop with --metrics for a few seconds and returns what /metrics served meanwhile. */
    private static String scrape(Path ecli) throws Exception {
        int port = PrometheusServer.freePort();
        Process p = new ProcessBuilder(ecli.toString(), "run", "exitsnoop", "-q", "--duration", "10", "--metrics",
                "127.0.0.1:" + port).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String body = "nothing served";
            // The endpoint listens before the package is loaded; its metrics come once it is.
            while (System.nanoTime() < deadline && p.isAlive() && !body.contains("ecli_events_total")) {
                try {
                    body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                            + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    body = e.toString();
                }
                Thread.sleep(100);
            }
            return body;
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What package.sh reads: the build files, the sources, and what ships; not target/ or tests. */
    private static Path copySources(Path to) throws IOException {
        Path root = RunnerProcess.repoRoot();
        for (String p : List.of("pom.xml", "README.md", "btf/pom.xml", "btf/src/main", "runner/pom.xml",
                "runner/src/main", "schemas", "packages", "examples", "scripts")) {
            copy(root.resolve(p), to.resolve(p));
        }
        return to;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Runs a command to completion; fails with its output unless it exits 0. */
    private static String run(List<String> cmd, Path dir, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in " + seconds + " s:\n" + out);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
