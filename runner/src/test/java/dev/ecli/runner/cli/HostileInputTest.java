package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.ecli.runner.record.RecordingHeader;
import dev.ecli.runner.record.RecordingWriter;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files, recordings and servers against the real command line (issue 30, the input
 * half): each gives one line on stderr, the README's exit code for its class, no stack trace and
 * no hang (the 60 s of {@link RunnerProcess#waitFor} is the hang guard).
 */
class HostileInputTest {
    private static final Path ROOT = RunnerProcess.repoRoot();
    private static final Path EXITSNOOP = ROOT.resolve("packages/exitsnoop");

    @TempDir
    Path tmp;

    /** Runs {@code cmd} to its end; returns its one stderr line after checking the exit code. */
    private static String oneLine(int code, RunnerProcess r) throws Exception {
        try (r) {
            int exit = r.waitFor();
            List<String> err = List.copyOf(r.stderr);
            assertEquals(code, exit, "stderr: " + err);
            assertEquals(1, err.size(), "expected one line, got: " + err);
            assertFalse(err.getFirst().contains("Exception") || err.getFirst().contains("internal error"), err.getFirst());
            return err.getFirst();
        }
    }

    private static String oneLine(int code, String... args) throws Exception {
        return oneLine(code, RunnerProcess.start(Map.of("XDG_CACHE_HOME", "/nonexistent/ecli-cache"), args));
    }

    // Item 5: files that never end or do not fit.

    @Test
    void devZeroAndFifoAreOneLine() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (String cmd : List.of("validate", "inspect")) {
            for (String f : List.of("/dev/zero", fifo.toString())) {
                String line = oneLine(ExitCodes.PACKAGE, cmd, f);
                assertTrue(line.contains(f + ": not a regular file"), line);
            }
        }
    }

    @Test
    void sparseObjectOf3GiBIsOneLine() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("big"));
        try (RandomAccessFile f = new RandomAccessFile(pkg.resolve("big.bpf.o").toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: no disk used
        }
        Files.writeString(pkg.resolve("package.yaml"), "name: big\nobject: big.bpf.o\n");
        for (String cmd : List.of("validate", "inspect", "run")) {
            String line = oneLine(ExitCodes.PACKAGE, cmd, pkg.toString());
            assertTrue(line.endsWith("big.bpf.o: 3221225472 bytes, over the limit of 256 MiB for a BPF object"), line);
        }
    }

    // Item 4: YAML that would cost seconds and a gigabyte to scan.

    private static String longScalarManifest() {
        return "name: x\nobject: exitsnoop.bpf.o\ndescription: " + "a".repeat(8_000_000) + "\n";
    }

    @Test
    void yamlOf8MBIsRefusedBeforeItIsParsed() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("yaml"));
        Files.copy(EXITSNOOP.resolve("exitsnoop.bpf.o"), pkg.resolve("exitsnoop.bpf.o"));
        Files.writeString(pkg.resolve("package.yaml"), longScalarManifest());
        for (String cmd : List.of("validate", "inspect")) {
            String line = oneLine(ExitCodes.PACKAGE, cmd, pkg.toString());
            assertTrue(line.contains("package.yaml: 8000046 bytes of YAML, over the limit of 1 MiB for a YAML manifest"),
                    line);
        }
    }

    @Test
    void recordingWithAYamlManifestOf8MBIsRefusedByReplay() throws Exception {
        byte[] object = Files.readAllBytes(EXITSNOOP.resolve("exitsnoop.bpf.o"));
        Path rec = recording(new RecordingHeader(0, "h", "k", "package.yaml",
                longScalarManifest().getBytes(StandardCharsets.UTF_8), "exitsnoop.bpf.o", object, Map.of(),
                List.of(new RecordingHeader.Stream("rb", "event", 64))), null);
        for (String cmd : List.of("replay", "inspect")) {
            String line = oneLine(ExitCodes.PACKAGE, cmd, rec.toString());
            assertTrue(line.contains("its package does not load") && line.contains("over the limit of 1 MiB"), line);
        }
    }

    @Test
    void yamlOf8MBByUrlIsRefusedBeforeItIsParsed() throws Exception {
        byte[] body = longScalarManifest().getBytes(StandardCharsets.UTF_8);
        try (Server s = new Server(srv -> x -> {
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        })) {
            String line = oneLine(ExitCodes.PACKAGE, withTimeout(5000, "run", "http://" + s.address + "/package.yaml"));
            assertTrue(line.endsWith("package.yaml: 8000046 bytes of YAML, over the limit of 1 MiB for a YAML manifest"
                    + " (JSON may have 64 MiB)"), line);
        }
    }

    // Item 7: what a package or recording says reaches a terminal escaped.

    /** Writes a recording of {@code header} with one record and, when not null, a drops frame of those totals. */
    private Path recording(RecordingHeader header, long[] drops) throws Exception {
        Path file = tmp.resolve("rec-" + System.nanoTime());
        try (RecordingWriter w = RecordingWriter.create(file, header, new RecordingWriter.Options(0, 0, false))) {
            w.record(0, -1, 1_000_000_000L, MemorySegment.ofArray(new byte[64]));
            if (drops != null) {
                w.drops(0, 2_000_000_000L, drops[0], drops[1]);
            }
            w.flush();
            w.close("{}");
        }
        return file;
    }

    private static void assertNoControlCharacters(List<String> lines) {
        for (String l : lines) {
            for (char c : l.toCharArray()) {
                assertFalse(Character.isISOControl(c) && c != '\t', "control character " + (int) c + " in: " + l);
            }
        }
    }

    @Test
    void inspectEscapesControlCharactersOfAPackage() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("esc"));
        Files.copy(EXITSNOOP.resolve("exitsnoop.bpf.o"), pkg.resolve("exitsnoop.bpf.o"));
        Files.writeString(pkg.resolve("package.yaml"), "name: esc\nobject: exitsnoop.bpf.o\n"
                + "description: \"retitle\\e]0;pwned\\a clear\\e[2J\\r\\nfake: line\"\n");
        try (RunnerProcess r = RunnerProcess.start("inspect", pkg.toString())) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            assertNoControlCharacters(r.allStdout);
            assertTrue(r.allStdout.contains("about    retitle\\u001b]0;pwned\\u0007 clear\\u001b[2J\\r\\nfake: line"),
                    r.allStdout.toString());
        }
    }

    @Test
    void inspectEscapesControlCharactersOfARecording() throws Exception {
        Path rec = recording(new RecordingHeader(0, "host\u001b[2J", "6.18\u0007\r\nfake: line", "package.yaml",
                Files.readAllBytes(EXITSNOOP.resolve("package.yaml")), "exitsnoop.bpf.o",
                Files.readAllBytes(EXITSNOOP.resolve("exitsnoop.bpf.o")), Map.of("target_pid", "1\u001b]0;x\u0007"),
                List.of(new RecordingHeader.Stream("rb", "event", 64))), null);
        try (RunnerProcess r = RunnerProcess.start("inspect", rec.toString())) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            assertNoControlCharacters(r.allStdout);
            assertTrue(r.allStdout.contains("machine   host\\u001b[2J, kernel 6.18\\u0007\\r\\nfake: line"),
                    r.allStdout.toString());
            assertTrue(r.allStdout.contains("params    target_pid=1\\u001b]0;x\\u0007"), r.allStdout.toString());
        }
    }

    // Item 10: the small ones.

    @Test
    void negativeDropCountersAreADamagedRecording() throws Exception {
        Path rec = recording(new RecordingHeader(0, "h", "k", "package.yaml",
                Files.readAllBytes(EXITSNOOP.resolve("package.yaml")), "exitsnoop.bpf.o",
                Files.readAllBytes(EXITSNOOP.resolve("exitsnoop.bpf.o")), Map.of(),
                List.of(new RecordingHeader.Stream("rb", "event", 64))), new long[] {-5, 1});
        for (String cmd : List.of("inspect", "replay")) {
            String line = oneLine(ExitCodes.PACKAGE, cmd, rec.toString());
            assertTrue(line.contains("a drops frame with impossible totals (-5 dropped, 1 lost)"), line);
        }
    }

    /** An HTTP server on loopback whose every answer is {@code handler}'s; stalled handlers end at close. */
    private static final class Server implements AutoCloseable {
        final HttpServer http;
        final CountDownLatch done = new CountDownLatch(1);
        final String address;

        /** @param handler makes the handler, given this server (its address, its stall) */
        Server(Function<Server, HttpHandler> handler) throws Exception {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.setExecutor(Executors.newCachedThreadPool());
            http.createContext("/", handler.apply(this));
            http.start();
            address = "127.0.0.1:" + http.getAddress().getPort();
        }

        void stall() {
            try {
                done.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            done.countDown();
            http.stop(0);
        }
    }

    /** {@code ecli-java ARGS} with the registry's waits shortened to {@code millis}. */
    private RunnerProcess withTimeout(long millis, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "XDG_CACHE_HOME=" + tmp.resolve("cache")));
        cmd.addAll(RunnerProcess.javaCommand());
        cmd.add(3, "-Decli.http.timeoutMillis=" + millis);
        cmd.addAll(List.of(args));
        return RunnerProcess.startCommand(cmd);
    }

    // Item 3: a registry that stalls or floods, through pull's whole path.

    @Test
    void registryThatStallsTheBodyEndsPullWithExit6() throws Exception {
        try (Server s = new Server(srv -> x -> {
            x.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write('{');
            x.getResponseBody().flush();
            srv.stall();
        })) {
            String line = oneLine(ExitCodes.FETCH, withTimeout(1500, "pull", "--insecure", s.address + "/ecli/x:1"));
            assertEquals("ecli-java: reading the manifest of " + s.address + "/ecli/x:1: no byte came for 1.5 s", line);
        }
    }

    @Test
    void tokenReplyWithoutEndEndsPullWithExit6() throws Exception {
        try (Server s = new Server(srv -> x -> {
            if (x.getRequestURI().getPath().equals("/token")) {
                x.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[64 << 10];
                try (OutputStream out = x.getResponseBody()) {
                    for (long n = 0; n < 1L << 30; n += chunk.length) {
                        out.write(chunk);
                    }
                } catch (java.io.IOException gone) {
                    // The client hung up: what is wanted.
                }
                return;
            }
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + srv.address + "/token\"");
            x.sendResponseHeaders(401, -1);
            x.close();
        })) {
            String line = oneLine(ExitCodes.FETCH, withTimeout(5000, "pull", "--insecure", s.address + "/ecli/x:1"));
            assertEquals("ecli-java: the reply of the token service of registry " + s.address
                    + " is larger than 1 MiB; not reading more", line);
        }
    }

    @Test
    void redirectToAFileUrlIsOneLine() throws Exception {
        try (Server s = new Server(srv -> x -> {
            x.getResponseHeaders().set("Location", "file:///etc/passwd");
            x.sendResponseHeaders(302, -1);
            x.close();
        })) {
            String line = oneLine(ExitCodes.FETCH, withTimeout(5000, "run", "http://" + s.address + "/package.json"));
            assertEquals("ecli-java: " + s.address + ": refusing a redirect to file: for /package.json (only http and"
                    + " https are followed)", line);
        }
    }

    @Test
    @Tag("bpf")
    void fullDiskUnderRecordStopsWithASummaryAndExit7() throws Exception {
        RunnerProcess.requireBpf();
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .inheritIO().start().waitFor());
        try (RunnerProcess r = RunnerProcess.start("run", EXITSNOOP.toString(), "-o", "none", "--record",
                small.resolve("x.rec").toString(), "--duration", "50")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            // Each exit is a 64-byte record: a few thousand fill what the header left of 64 KiB.
            for (int i = 0; i < 40 && r.process.isAlive(); i++) {
                new ProcessBuilder("sh", "-c", "for i in $(seq 200); do /bin/true; done").start().waitFor();
            }
            assertEquals(ExitCodes.RECORD, r.waitFor(), r.stderr.toString());
            assertTrue(r.stderr.stream().anyMatch(l -> l.matches("ecli-java: \\d+ events in .* \\(stopped: --record"
                    + " could not write\\)")), r.stderr.toString());
            assertEquals("ecli-java: --record cannot write " + small.resolve("x.rec") + ": No space left on device;"
                    + " the recording ends after its last whole frame, without an end frame", r.stderr.getLast());
            assertFalse(r.stderr.stream().anyMatch(l -> l.contains("Exception")), r.stderr.toString());
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }
}
