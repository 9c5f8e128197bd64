package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.Registry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecli-java pull REF}: a package from an OCI registry (or a URL) into the cache. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Pull a package from an OCI distribution registry, or download one by URL, into the"
                + " cache ($XDG_CACHE_HOME/ecli-java, /var/cache/ecli-java as root, else ~/.cache/ecli-java),"
                + " every digest checked; prints its digest and directory. 'ecli-java run REF' then runs it"
                + " with no network."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java pull registry.example.com/bpf/mytool:1.0",
            "  ecli-java pull 127.0.0.1:5000/bpf/mytool@sha256:... --insecure"})
final class PullCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF",
            description = "HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX], or an http(s) URL of a package.json.")
    String ref;

    @Option(names = "--insecure", description = "Plain HTTP instead of TLS.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // A pull is for later runs: into this user's cache, or not at all when it is not trusted.
        Path dir = Registry.pull(ref, insecure, spec.commandLine().getErr());
        spec.commandLine().getOut().println(dir);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
