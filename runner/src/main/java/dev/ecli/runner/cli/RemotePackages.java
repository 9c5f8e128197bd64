package dev.ecli.runner.cli;

import dev.ecli.runner.resolve.PackageResolver;
import dev.ecli.runner.resolve.PackageSearch;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code run} needs to take an OCI reference or a URL for PACKAGE: its two options, read
 * into a {@link PackageResolver}. This class is on the path of every {@code run}; the resolver
 * loads the registry code only for a reference or URL, so a package on disk loads none of it.
 */
final class RemotePackages {
    static final String PULL = "--pull";
    static final String INSECURE = "--insecure";

    private RemotePackages() {}

    /** Adds {@code --pull} and {@code --insecure} to {@code run}'s model. */
    static void addOptions(CommandSpec s) {
        s.addOption(OptionSpec.builder(PULL).paramLabel("POLICY").type(String.class).defaultValue("missing")
                .completionCandidates(List.of("always", "missing", "never"))
                .description("For a PACKAGE given as an OCI reference or URL: always ask the registry which"
                        + " digest the tag names now, use the cached one when there is one (missing, the"
                        + " default), or never ask (the cache only).")
                .build());
        s.addOption(OptionSpec.builder(INSECURE).type(boolean.class)
                .description("Plain HTTP instead of TLS to the registry or URL of PACKAGE (loopback URLs may"
                        + " be http:// without it).")
                .build());
    }

    /** The resolver of {@code run}'s PACKAGE, with its {@code --pull} and {@code --insecure}. */
    static PackageResolver resolver(CommandSpec spec) {
        String policy = spec.findOption(PULL).getValue();
        boolean insecure = Boolean.TRUE.equals(spec.findOption(INSECURE).getValue());
        return new PackageResolver(PackageSearch.fromEnvironment(), policy, insecure, spec.commandLine().getErr());
    }

    /** PACKAGE as typed (a URL's {@code //} survives, which a {@link Path} would fold). */
    static String argument(CommandSpec spec, Path packagePath) {
        List<String> raw = spec.positionalParameters().getFirst().originalStringValues();
        return raw.isEmpty() ? packagePath.toString() : raw.getLast();
    }
}
