package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Startup time is a product metric: {@code run} of a package on disk must load none of the
 * registry code (dev.ecli.runner.oci) nor the JDK's HTTP client it uses.
 */
class RunPathClassesTest {
    @Test
    void runOfAPackageDirectoryLoadsNoRegistryCode() throws Exception {
        List<String> cmd = new ArrayList<>(RunnerProcess.javaCommand());
        cmd.add(1, "-verbose:class");
        cmd.addAll(List.of("run", RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString(), "--help"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        assertTrue(lines.stream().anyMatch(l -> l.contains(" dev.ecli.runner.cli.RemotePackages ")), "RemotePackages");
        List<String> loaded = lines.stream().filter(l -> l.contains("dev.ecli.runner.oci.")
                || l.contains(" java.net.http.") || l.contains("dev.ecli.runner.resolve.RemoteFetch")).toList();
        assertEquals(List.of(), loaded);
    }
}
