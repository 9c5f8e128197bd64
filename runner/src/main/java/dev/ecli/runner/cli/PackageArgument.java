package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.PackageRefs;
import dev.ecli.runner.resolve.PackageResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * PACKAGE and {@code --insecure} as {@code inspect} and {@code validate} take them: anything
 * {@code run} accepts (its model, built by hand for start-up speed, declares the same itself).
 */
final class PackageArgument {
    @Parameters(index = "0", paramLabel = "PACKAGE",
            description = "A package directory, its manifest file (package.yaml, package.json, eunomia package.json),"
                    + " a package's name (see 'ecli-java list'), an OCI reference or http(s) URL (as for run);"
                    + " inspect also takes a recording (run --record).")
    String name;

    @Option(names = "--insecure", description = "Plain HTTP instead of TLS to the registry or URL of PACKAGE.")
    boolean insecure;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * PACKAGE for messages: as a path (as these commands printed it when they took only paths),
     * but a reference or URL as typed, since a path would fold a URL's {@code //}.
     */
    String shown() {
        Path p = Path.of(name);
        return PackageRefs.isRemote(name) && !Files.exists(p) ? name : p.toString();
    }

    /** The resolver for PACKAGE, its notes on the command's stderr. */
    PackageResolver resolver() {
        return PackageResolver.fromEnvironment(insecure, spec.commandLine().getErr());
    }
}
