package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.Prefetch;
import dev.ecli.runner.sys.StandardFds;
import java.util.List;

/**
 * The training run of the JDK AOT cache ({@code ecli-java __train PACKAGE SECONDS}, called by
 * scripts/aot-cache.sh and scripts/package.sh): one JVM that goes through the version, a
 * package's help and a run of it as JSON and as a table, so that the cache holds what each of
 * them loads. Not more: every class in the cache is loaded at every start, and training
 * inspect, list and validate too made the cache 24 -> 32 MB and {@code --version} 60 -> 82 ms.
 * Their output is theirs; the scripts discard it.
 */
final class Training {
    private Training() {}

    /** Runs the commands in turn; returns the highest exit code of the two runs. */
    static int run(String pkg, String seconds) {
        StandardFds.keepOpen();
        System.out.println(Version.text());
        Main.runCommandLine().execute("run", pkg, "--help");
        int rc = 0;
        for (String format : List.of("json", "table")) {
            String[] command = {"run", pkg, "--duration", seconds, "--quiet", "-o", format};
            Prefetch.start(command);
            rc = Math.max(rc, Main.runCommandLine().execute(command));
        }
        return rc;
    }
}
