package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root never runs what a user planted (issue #23), against a real registry (Debian's
 * docker-registry on loopback) with {@code nobody} as the other user: a package planted under
 * the digest of the real one in a cache of theirs is not run (the real one is pulled into a
 * private cache and run); {@code packages}, {@code refs} and {@code tmp} as links are neither
 * written through nor deleted through; a cached object altered after the pull is refused; a
 * package of theirs on {@code $ECLI_PATH} is passed over with a warning. Root's own cache, the
 * default one, and an ordinary user's own cache keep working.
 */
@Tag("bpf")
class CacheTrustTest {
    @TempDir
    static Path dir;
    static RegistryServer registry;
    static String ref;
    static String digest;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pushExitsnoop() throws Exception {
        RunnerProcess.requireBpf();
        registry = RegistryServer.start(dir);
        ref = registry.address + "/ecli/exitsnoop:1.0";
        RunnerProcess push = RunnerProcess.start("push", repo("packages/exitsnoop").toString(), ref, "--insecure");
        assertEquals(0, push.waitFor(), push.stderr.toString());
        String pushed = push.allStdout.getFirst();
        digest = pushed.substring(pushed.indexOf('@') + 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Path repo(String p) {
        return RunnerProcess.repoRoot().resolve(p);
    }

    private static String hex() {
        return digest.substring("sha256:".length());
    }

    private static RunnerProcess ecli(Map<String, String> env, String... args) throws Exception {
        RunnerProcess r = RunnerProcess.start(env, args);
        r.waitFor();
        return r;
    }

    private static void assertOneLine(RunnerProcess r, int code, String line) {
        assertEquals(code, r.process.exitValue(), r.stderr.toString());
        assertEquals(List.of(line), r.stderr);
    }

    /** Gives {@code p} and all below it to nobody, as if they had made it. */
    private static void chownNobody(Path p) throws Exception {
        Process chown = new ProcessBuilder("chown", "-R", "nobody:nogroup", p.toString()).inheritIO().start();
        assertEquals(0, chown.waitFor());
    }

    /** sigsnoop's manifest and object, where {@code dir} says. */
    private static Path plantSigsnoop(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String f : List.of("package.yaml", "sigsnoop.bpf.o")) {
            Files.copy(repo("examples/sigsnoop").resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static List<String> tree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            return s.map(x -> p.relativize(x).toString()).sorted().toList();
        }
    }

    @Test
    void aPackagePlantedInAUsersCacheIsNotRunForTheDigest() throws Exception {
        Path cache = tmp.resolve("theirs");
        Path planted = plantSigsnoop(cache.resolve("ecli-java/packages/sha256-" + hex()));
        chownNobody(cache);
        List<String> before = tree(cache);
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        String pinned = registry.address + "/h/x@" + digest;
        // Served under another name too: the digest is what counts.
        RunnerProcess tag = RunnerProcess.start("push", repo("packages/exitsnoop").toString(),
                registry.address + "/h/x:1.0", "--insecure");
        assertEquals(0, tag.waitFor(), tag.stderr.toString());
        try (RunnerProcess r = RunnerProcess.start(env, "run", pinned, "--insecure", "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            assertEquals("ecli-java: warning: not using the cache " + cache.resolve("ecli-java") + ": " + cache
                    + " belongs to nobody, not to root (see docs/oci.md); pulling into a private temporary directory",
                    r.stderr.getFirst());
            assertTrue(r.stderr.contains("ecli-java: pulled " + pinned + " (" + digest + ")"), r.stderr.toString());
            assertTrue(r.stderr.stream().anyMatch(l -> l.startsWith("ecli-java: attached exitsnoop")),
                    r.stderr.toString());
            assertFalse(r.stderr.stream().anyMatch(l -> l.contains("sigsnoop")), r.stderr.toString());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
        assertEquals(before, tree(cache), "root wrote into the user's cache");
        assertTrue(Files.exists(planted.resolve("sigsnoop.bpf.o")));

        // pull, list and images rm do not use it at all.
        String line = "ecli-java: not using the cache " + cache.resolve("ecli-java") + ": " + cache
                + " belongs to nobody, not to root (see docs/oci.md)";
        assertOneLine(ecli(env, "pull", pinned, "--insecure"), 6, line);
        assertOneLine(ecli(env, "list", "--cache"), 6, line);
        assertOneLine(ecli(env, "images", "rm", digest), 6, line);
        assertEquals(before, tree(cache));
    }

    @Test
    void linkedPackagesRefsAndTmpAreNeitherWrittenNorDeletedThrough() throws Exception {
        Path cache = tmp.resolve("cache");
        Path root = Files.createDirectories(cache.resolve("ecli-java"));
        Path elsewhere = tmp.resolve("elsewhere");
        plantSigsnoop(elsewhere.resolve("sha256-" + hex()));
        chownNobody(elsewhere);
        List<String> before = tree(elsewhere);
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        List<Path> privateCaches = privateCaches();
        for (String part : List.of("packages", "refs", "tmp")) {
            Path link = Files.createSymbolicLink(root.resolve(part), elsewhere);
            String line = "ecli-java: not using the cache " + root + ": " + link
                    + " is a symbolic link (see docs/oci.md)";
            assertOneLine(ecli(env, "pull", ref, "--insecure"), 6, line);
            assertOneLine(ecli(env, "images", "rm", digest), 6, line);
            RunnerProcess run = ecli(env, "run", ref, "--insecure", "--help");
            assertEquals(0, run.process.exitValue(), run.stderr.toString());
            assertEquals("ecli-java: warning: " + line.substring("ecli-java: ".length())
                    + "; pulling into a private temporary directory", run.stderr.getFirst());
            assertEquals(before, tree(elsewhere), part + ": something was written or removed through the link");
            Files.delete(link);
        }
        assertEquals(privateCaches, privateCaches(), "a private cache was left behind");
    }

    /** The private caches in the temporary directory (only a run with an untrusted cache makes one). */
    private static List<Path> privateCaches() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("ecli-java-cache-")).sorted().toList();
        }
    }

    @Test
    void aCachedObjectAlteredAfterThePullIsRefused() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.toString());
        RunnerProcess pull = ecli(env, "pull", ref, "--insecure");
        assertEquals(0, pull.process.exitValue(), pull.stderr.toString());
        Path pkg = tmp.resolve("ecli-java/packages/sha256-" + hex());
        assertEquals(pkg.toString(), pull.allStdout.getFirst());
        RunnerProcess ok = ecli(env, "run", ref, "--pull", "never", "--help");
        assertEquals(0, ok.process.exitValue(), ok.stderr.toString());

        Path object = pkg.resolve("exitsnoop.bpf.o");
        byte[] good = Files.readAllBytes(object);
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        Files.write(object, bad);
        String objectDigest = "sha256:" + RegistryRunTest.sha256(good);
        String badDigest = "sha256:" + RegistryRunTest.sha256(bad);
        String refused = "ecli-java: digest mismatch: the cached package " + pkg + " is not " + digest
                + ": exitsnoop.bpf.o has " + badDigest + ", not " + objectDigest
                + "; remove it ('ecli-java images rm " + digest + "') and pull again";
        assertOneLine(ecli(env, "run", ref, "--pull", "never", "--help"), 3, refused);
        assertOneLine(ecli(env, "run", ref + "@" + digest, "--insecure"), 3, refused);

        // A file added beside them (a package.yaml would be loaded first) is refused too.
        Files.write(object, good);
        Files.copy(repo("examples/sigsnoop/package.yaml"), pkg.resolve("package.yaml"));
        RunnerProcess added = ecli(env, "run", ref, "--pull", "never", "--help");
        assertEquals(3, added.process.exitValue(), added.stderr.toString());
        assertEquals(1, added.stderr.size(), added.stderr.toString());
        assertTrue(added.stderr.getFirst().startsWith("ecli-java: digest mismatch: the cached package " + pkg
                + " is not " + digest + ": it holds ["), added.stderr.toString());

        // Pulled by an ecli-java that kept no OCI manifest: refused from the cache alone, pulled
        // again whole when the registry may be asked.
        Files.delete(pkg.resolve("package.yaml"));
        Files.delete(pkg.resolve("oci-manifest.json"));
        RunnerProcess old = ecli(env, "run", ref, "--pull", "never", "--help");
        assertEquals(3, old.process.exitValue(), old.stderr.toString());
        assertTrue(old.stderr.getFirst().contains("(pulled by an older ecli-java?)"), old.stderr.toString());
        RunnerProcess again = ecli(env, "run", ref, "--insecure", "--help");
        assertEquals(0, again.process.exitValue(), again.stderr.toString());
        assertEquals(List.of("ecli-java: pulled " + ref + " (" + digest + ")"), again.stderr);
        assertTrue(Files.exists(pkg.resolve("oci-manifest.json")));

        // images rm takes it away.
        assertEquals(0, ecli(env, "images", "rm", digest).process.exitValue());
        assertFalse(Files.exists(pkg));
    }

    @Test
    void aUsersPackageOnEcliPathIsNotRunByRoot() throws Exception {
        Path theirs = tmp.resolve("their-packages");
        plantSigsnoop(theirs.resolve("planted"));
        chownNobody(theirs);
        RunnerProcess r = ecli(Map.of("ECLI_PATH", theirs.toString()), "run", "planted", "--help");
        assertEquals(3, r.process.exitValue(), r.stderr.toString());
        assertEquals("ecli-java: warning: not using " + theirs.resolve("planted") + " from $ECLI_PATH: " + theirs
                + " belongs to nobody, not to root (as root, only packages root owns are run by name)",
                r.stderr.getFirst());
        assertEquals(2, r.stderr.size(), r.stderr.toString());
        assertTrue(r.stderr.get(1).startsWith("ecli-java: no package planted:"), r.stderr.toString());

        // Root's own directory, a file of nobody's inside: the same.
        Path mine = tmp.resolve("my-packages");
        plantSigsnoop(mine.resolve("planted"));
        Files.setAttribute(mine.resolve("planted/sigsnoop.bpf.o"), "unix:uid", 65534);
        RunnerProcess file = ecli(Map.of("ECLI_PATH", mine.toString()), "run", "planted", "--help");
        assertEquals(3, file.process.exitValue(), file.stderr.toString());
        assertTrue(file.stderr.getFirst().contains(mine.resolve("planted/sigsnoop.bpf.o")
                + " belongs to nobody, not to root"), file.stderr.toString());

        // All root's: used, no warning.
        Files.setAttribute(mine.resolve("planted/sigsnoop.bpf.o"), "unix:uid", 0);
        RunnerProcess ok = ecli(Map.of("ECLI_PATH", mine.toString()), "run", "planted", "--help");
        assertEquals(0, ok.process.exitValue(), ok.stderr.toString());
        assertEquals(List.of(), ok.stderr);
    }

    @Test
    void theDefaultRootCacheKeepsWorking() throws Exception {
        // No XDG_CACHE_HOME: /var/cache/ecli-java. A package that was there before stays.
        assertEquals(null, System.getenv("XDG_CACHE_HOME"), "the test runs with XDG_CACHE_HOME unset");
        Path pkg = Path.of("/var/cache/ecli-java/packages/sha256-" + hex());
        boolean had = Files.exists(pkg);
        RunnerProcess pull = ecli(Map.of(), "pull", ref, "--insecure");
        assertEquals(0, pull.process.exitValue(), pull.stderr.toString());
        assertEquals(pkg.toString(), pull.allStdout.getFirst());
        RunnerProcess run = ecli(Map.of(), "run", ref, "--pull", "never", "--help");
        assertEquals(0, run.process.exitValue(), run.stderr.toString());
        assertEquals(List.of(), run.stderr);
        if (!had) {
            RunnerProcess rm = ecli(Map.of(), "images", "rm", digest);
            assertEquals(0, rm.process.exitValue(), rm.stderr.toString());
        }
    }

    @Test
    void anOrdinaryUsersOwnCacheKeepsWorking() throws Exception {
        // A directory nobody can reach (the test's own is root's, mode 0700), with the jars of
        // the classpath that live in root's home copied into it.
        Path home = Files.createTempDirectory(Path.of("/tmp"), "ecli-nobody-");
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jars = Files.createDirectories(home.resolve("jars"));
            List<String> cp = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(":")) {
                if (e.endsWith(".jar")) {
                    Path j = jars.resolve(cp.size() + "-" + Path.of(e).getFileName());
                    Files.copy(Path.of(e), j);
                    cp.add(j.toString());
                } else {
                    cp.add(e);
                }
            }
            Path cache = Files.createDirectories(home.resolve("cache"));
            chownNobody(cache);
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", "env", "XDG_CACHE_HOME=" + cache, "HOME=" + cache));
            List<String> java = new ArrayList<>(RunnerProcess.javaCommand());
            java.set(java.indexOf("-cp") + 1, String.join(":", cp));
            cmd.addAll(java);

            RunnerProcess pull = RunnerProcess.startCommand(concat(cmd, "pull", ref, "--insecure"));
            assertEquals(0, pull.waitFor(), pull.stderr.toString());
            assertEquals(cache.resolve("ecli-java/packages/sha256-" + hex()).toString(), pull.allStdout.getFirst());
            RunnerProcess run = RunnerProcess.startCommand(concat(cmd, "run", ref, "--pull", "never", "--help"));
            assertEquals(0, run.waitFor(), run.stderr.toString());
            assertEquals(List.of(), run.stderr);
            assertEquals(65534, Files.getAttribute(cache.resolve("ecli-java/refs"), "unix:uid"));
        } finally {
            new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
