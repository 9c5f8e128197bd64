package dev.ecli.runner.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.sys.Sys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Shared by the tests that load BPF: where the objects are, who may load, what is left open. */
public final class BpfTestSupport {
    private BpfTestSupport() {}

    /** The repository root: surefire's {@code ecli.repoRoot}, else the nearest parent holding runner/pom.xml. */
    public static Path repoRoot() {
        String prop = System.getProperty("ecli.repoRoot");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("runner/pom.xml")) && Files.isDirectory(p.resolve("packages"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    /** packages/exitsnoop/exitsnoop.bpf.o: tp/sched/sched_process_exit, ring buffer {@code rb}. */
    public static Path exitsnoop() {
        return repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o");
    }

    /** The exitsnoop object's bytes. */
    public static byte[] exitsnoopBytes() throws IOException {
        return Files.readAllBytes(exitsnoop());
    }

    /**
     * Tests that load BPF need root. Under CI=true they must run: not being root fails the test
     * instead of skipping it.
     */
    public static void requireBpf() {
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(Sys.isRoot(), "CI=true: BPF tests must run, but we are not root");
        } else {
            Assumptions.assumeTrue(Sys.isRoot(), "BPF tests need root");
        }
    }

    /** How many BPF programs, maps and links this process holds fds of (from /proc/self/fd). */
    public static long bpfFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("anon_inode:bpf-") || target.startsWith("anon_inode:bpf_link");
                } catch (IOException e) {
                    return false; // the fd Files.list itself used, already closed
                }
            }).count();
        }
    }

    /**
     * {@code elf} with every occurrence of the NUL-terminated string {@code from} replaced by
     * {@code to} (no longer), NUL-padded: renames a section consistently in the ELF and BTF
     * string tables without moving any offset.
     */
    public static byte[] renamed(byte[] elf, String from, String to) {
        byte[] f = (from + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] t = Arrays.copyOf(to.getBytes(StandardCharsets.US_ASCII), f.length);
        assertTrue(t.length >= to.length() + 1, "replacement longer than " + from);
        byte[] out = elf.clone();
        int hits = 0;
        for (int i = indexOf(out, f, 0); i >= 0; i = indexOf(out, f, i + 1)) {
            System.arraycopy(t, 0, out, i, t.length);
            hits++;
        }
        assertTrue(hits > 0, from + " not found");
        return out;
    }

    /** {@code elf} with the one occurrence of {@code from} replaced by {@code to} (same length). */
    public static byte[] patchedOnce(byte[] elf, byte[] from, byte[] to) {
        assertEquals(from.length, to.length);
        int at = indexOf(elf, from, 0);
        assertTrue(at >= 0 && indexOf(elf, from, at + 1) < 0, "pattern must occur exactly once");
        byte[] out = elf.clone();
        System.arraycopy(to, 0, out, at, to.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
