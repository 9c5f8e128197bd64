package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.PackageResolver;
import dev.ecli.runner.resolve.Registry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecli-java push PACKAGE REF}: a package to an OCI registry. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Push a package to an OCI distribution registry: its manifest as the artifact's config,"
                + " its object as the one layer (the layout: docs/oci.md). Credentials come from docker's or"
                + " podman's config.json (docker login / podman login)."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java push ./mytool registry.example.com/bpf/mytool:1.0",
            "  ecli-java push ./mypkg 127.0.0.1:5000/mypkg:dev --insecure"})
final class PushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PACKAGE",
            description = "A package directory, its manifest, or a package name (see 'ecli-java list').")
    Path packagePath;

    @Parameters(index = "1", paramLabel = "REF", description = "Where to: HOST[:PORT]/REPOSITORY[:TAG] (TAG: latest).")
    String ref;

    @Option(names = "--insecure", description = "Plain HTTP instead of TLS.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var pkg = PackageResolver.fromEnvironment(insecure, spec.commandLine().getErr()).load(packagePath.toString());
        spec.commandLine().getOut().println(Registry.push(pkg, ref, insecure, spec.commandLine().getErr()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
