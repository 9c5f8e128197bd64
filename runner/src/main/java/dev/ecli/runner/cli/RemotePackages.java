package dev.ecli.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code run} needs to take an OCI reference or a URL for PACKAGE: its two options and the
 * test of the argument's shape. This class is on the path of every {@code run}, so it knows the
 * registry code only by one call ({@link RemoteFetch}), made only for a reference or URL: a
 * package on disk loads none of it.
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

    /**
     * The package directory {@code run}'s PACKAGE names: for a reference or URL, the cached pull
     * of it; else what {@link PackageSearch} finds.
     */
    static Path resolve(CommandSpec spec, Path packagePath) throws Exception {
        List<String> raw = spec.positionalParameters().getFirst().originalStringValues();
        String arg = raw.isEmpty() ? packagePath.toString() : raw.getLast();
        if (isRemote(arg) && !Files.exists(packagePath)) {
            String policy = spec.findOption(PULL).getValue();
            boolean insecure = Boolean.TRUE.equals(spec.findOption(INSECURE).getValue());
            return RemoteFetch.resolve(arg, policy, insecure, spec.commandLine().getErr());
        }
        return PackageSearch.fromEnvironment().resolve(packagePath);
    }

    /**
     * Whether {@code arg} has the shape of a URL (http, https) or of a reference, whose first
     * component is a registry host ({@code example.com/...}, {@code host:5000/...},
     * {@code localhost/...}) rather than a directory.
     */
    static boolean isRemote(String arg) {
        return isUrl(arg) || looksLikeReference(arg);
    }

    static boolean isUrl(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        return a.startsWith("https://") || a.startsWith("http://");
    }

    static boolean looksLikeReference(String s) {
        int slash = s.indexOf('/');
        if (slash <= 0 || s.startsWith(".") || s.contains("//")) {
            return false;
        }
        String first = s.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }
}
