package dev.ecli.runner.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's shellcheck: on PATH, else installed with apt-get when this is a Debian machine and we
 * are root (scripts/setup.sh installs it too). Under CI=true it must be there; elsewhere a test
 * without it is skipped.
 */
final class Shellcheck {
    private static final Path BIN = Path.of("/usr/bin/shellcheck");

    private Shellcheck() {}

    static synchronized Path find() throws Exception {
        if (!Files.isExecutable(BIN) && Files.isExecutable(Path.of("/usr/bin/apt-get"))
                && "root".equals(System.getProperty("user.name"))) {
            if (!install()) {
                // The package lists may be missing or stale (a fresh image): once more after an update.
                run(List.of("apt-get", "update", "-qq"));
                install();
            }
        }
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci) {
            assertTrue(Files.isExecutable(BIN), "CI=true: shellcheck is needed (apt-get install shellcheck)");
        }
        Assumptions.assumeTrue(Files.isExecutable(BIN), "needs shellcheck (Debian: apt-get install shellcheck)");
        return BIN;
    }

    private static boolean install() throws Exception {
        return run(List.of("apt-get", "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=120", "shellcheck"));
    }

    private static boolean run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
