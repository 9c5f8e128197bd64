package dev.ecli.runner.resolve;

import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.record.RecordedPackage;
import dev.ecli.runner.record.RecordingReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns what a user names as PACKAGE into a package, the same for every command: a package
 * directory, a manifest file, an eunomia {@code package.json}, skeleton or tar, a name on
 * {@code $ECLI_PATH} or shipped with ecli-java ({@link PackageSearch}), an OCI reference or an
 * http(s) URL (pulled into the cache first, {@link RemoteFetch}), or a recording (its package).
 * The registry code is loaded only for a reference or URL. Not thread-safe.
 */
public final class PackageResolver {
    private final PackageSearch search;
    private final String pullPolicy;
    private final boolean insecure;
    private final PrintWriter err;

    /**
     * @param pullPolicy {@code always}, {@code missing} or {@code never}: when a reference's tag is asked again
     * @param insecure   plain HTTP instead of TLS to a registry or URL
     * @param err        where notes go (a pull, a plain-HTTP warning)
     */
    public PackageResolver(PackageSearch search, String pullPolicy, boolean insecure, PrintWriter err) {
        this.search = search;
        this.pullPolicy = pullPolicy;
        this.insecure = insecure;
        this.err = err;
        // An overlay's base may be a reference or URL: fetched with this run's settings.
        PackageLoader.fetchBasesWith(ref -> PackageRefs.isRemote(ref) ? RemoteFetch.resolve(ref, pullPolicy, insecure, err)
                : null);
    }

    /** A resolver over this process's search path, pulling only what is not cached. */
    public static PackageResolver fromEnvironment(boolean insecure, PrintWriter err) {
        return new PackageResolver(PackageSearch.fromEnvironment(), "missing", insecure, err);
    }

    /**
     * The file or directory {@code arg} names: for a reference or URL that is not a file here,
     * its cached pull; else what the search path finds.
     * @throws dev.ecli.runner.pkg.PackageException     when a bare name is no package
     * @throws dev.ecli.runner.params.OptionException   when a reference or the pull policy is malformed
     * @throws dev.ecli.runner.pkg.FetchException       when a pull fails
     */
    public Path locate(String arg) throws Exception {
        Path path = asPath(arg);
        if (PackageRefs.isRemote(arg) && (path == null || !Files.exists(path))) {
            return RemoteFetch.resolve(arg, pullPolicy, insecure, err);
        }
        return search.resolve(path == null ? Path.of(arg) : path);
    }

    /**
     * The package {@code arg} names (see {@link #locate}); a recording gives the package it carries.
     * @throws dev.ecli.runner.pkg.PackageException when the package is invalid
     */
    public PackageSpec load(String arg) throws Exception {
        Path where = locate(arg);
        if (Files.isRegularFile(where) && RecordingReader.looksLikeRecording(where)) {
            try (RecordingReader r = RecordingReader.open(where)) {
                return RecordedPackage.load(r.header(), where.toString());
            }
        }
        return Prefetch.load(where);
    }

    private static Path asPath(String arg) {
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
