package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code ecli-java} command in a child JVM, with its stdout lines queued and its
 * stderr kept, so tests see exactly what a user sees (messages, exit codes, signals).
 */
final class RunnerProcess implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    /** Every stdout line, including those {@link #awaitLine} took from the queue. */
    final List<String> allStdout = Collections.synchronizedList(new ArrayList<>());
    final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private RunnerProcess(Process p) {
        this.process = p;
        pump(p.getInputStream(), line -> {
            allStdout.add(line);
            stdout.add(line);
        }, "stdout");
        pump(p.getErrorStream(), stderr::add, "stderr");
    }

    /** Starts {@code ecli-java ARGS...} with the test classpath. */
    static RunnerProcess start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** As {@link #start(String...)}, with {@code env} added to the environment. */
    static RunnerProcess start(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return new RunnerProcess(pb.start());
    }

    /**
     * Starts {@code PREFIX... JAVA... ARGS...}: ecli-java under a wrapper command such as
     * {@code unshare} or {@code setpriv}, which must exec what follows it.
     */
    static RunnerProcess startWrapped(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(javaCommand());
        cmd.addAll(List.of(args));
        return new RunnerProcess(new ProcessBuilder(cmd).start());
    }

    /** Starts {@code cmd} as it is (a wrapper and a JVM command line of the caller's making). */
    static RunnerProcess startCommand(List<String> cmd) throws IOException {
        return new RunnerProcess(new ProcessBuilder(cmd).start());
    }

    /** The JVM command line that runs {@code ecli-java} with the test classpath, before its arguments. */
    static List<String> javaCommand() {
        return List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    /**
     * Writes {@code dir/ecli-java}, a shell script running the command with the test classpath,
     * for tests that go through a shell (completion, terminals).
     */
    static Path launcher(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("#!/bin/sh\nexec");
        for (String a : javaCommand()) {
            sb.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        sb.append(" \"$@\"\n");
        Path script = dir.resolve("ecli-java");
        Files.writeString(script, sb.toString());
        script.toFile().setExecutable(true);
        return script;
    }

    /** Runs to completion and returns the exit code (fails after 60 s). */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ecli-java did not exit within 60 s; stderr: " + stderr);
        }
        // Let the pumps drain.
        Thread.sleep(50);
        return process.exitValue();
    }

    /** Waits for a stderr line matching {@code p}. */
    void awaitStderr(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            synchronized (stderr) {
                if (stderr.stream().anyMatch(p)) {
                    return;
                }
            }
            if (!process.isAlive()) {
                fail("ecli-java exited with " + process.exitValue() + " before it was ready; stderr: " + stderr);
            }
            Thread.sleep(20);
        }
        fail("ecli-java did not become ready in " + seconds + " s; stderr: " + stderr);
    }

    /** Takes stdout lines until one matches, failing after {@code seconds}. */
    String awaitLine(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? stdout.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                fail("no matching line within " + seconds + " s; saw " + seen.size() + " lines, last: "
                        + seen.subList(Math.max(0, seen.size() - 5), seen.size()) + "; stderr: " + stderr);
            }
            seen.add(line);
            if (p.test(line)) {
                return line;
            }
        }
    }

    /** Sends a signal (e.g. "INT") and waits for the exit code. */
    int signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor();
        return waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static void pump(java.io.InputStream in, java.util.function.Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // Process gone.
            }
        }, "pump-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** The repository root: {@code ecli.repoRoot} from surefire, else found upwards from the cwd. */
    static Path repoRoot() {
        String prop = System.getProperty("ecli.repoRoot");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("packages")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found");
    }

    /**
     * Tests that load BPF need root. Under CI=true they must run: not being root fails the test
     * instead of skipping it.
     */
    static void requireBpf() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root, "CI=true: BPF tests must run, but we are not root");
        } else {
            Assumptions.assumeTrue(root, "BPF tests need root");
        }
    }
}
