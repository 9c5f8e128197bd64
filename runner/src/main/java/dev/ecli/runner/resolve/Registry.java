package dev.ecli.runner.resolve;

import dev.ecli.runner.oci.PackageArtifact;
import dev.ecli.runner.oci.PackageCache;
import dev.ecli.runner.oci.Pusher;
import dev.ecli.runner.oci.Reference;
import dev.ecli.runner.params.OptionException;
import dev.ecli.runner.pkg.PackageSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pull}, {@code push}, {@code images rm} and {@code list --cache} ask of registries
 * and of the package cache, so that the commands need nothing of the registry code itself.
 */
public final class Registry {
    /**
     * One cached package.
     * @param sources the references and URLs that name it (empty: kept by digest only)
     */
    public record Cached(String digest, Path dir, List<String> sources) {}

    private Registry() {}

    /**
     * Pulls {@code ref} (a reference or URL) into this user's cache, asking the registry again,
     * for later runs; returns its directory. Refuses when the cache is not trusted.
     * @throws OptionException when {@code ref} is neither a reference nor a URL
     */
    public static Path pull(String ref, boolean insecure, PrintWriter err) throws Exception {
        if (!PackageRefs.isRemote(ref)) {
            throw new OptionException("'" + ref + "' is neither an OCI reference (HOST[:PORT]/REPOSITORY[:TAG]) nor"
                    + " an http(s) URL");
        }
        return RemoteFetch.resolve(PackageCache.open(), ref, "always", insecure, err);
    }

    /**
     * Pushes {@code pkg} to {@code ref}; returns {@code REF@sha256:...}, what was pushed.
     * @throws OptionException when {@code ref} is malformed
     */
    public static String push(PackageSpec pkg, String ref, boolean insecure, PrintWriter err) throws Exception {
        Reference target = RemoteFetch.reference(ref);
        PackageArtifact artifact = PackageArtifact.of(pkg, target.tag());
        String digest = RemoteFetch.usage(() -> new Pusher(insecure,
                note -> RemoteFetch.note(err, note)).push(artifact, target));
        return target + "@" + digest;
    }

    /**
     * Removes a reference, URL or digest from the cache; returns the package directories
     * removed (none while another reference still names the package).
     */
    public static List<Path> remove(String name) throws Exception {
        PackageCache cache = PackageCache.open();
        return RemoteFetch.usage(() -> cache.remove(name));
    }

    /** The cache's directory. */
    public static Path cacheRoot() throws Exception {
        return PackageCache.open().root();
    }

    /** Every cached package. */
    public static List<Cached> cached() throws Exception {
        List<Cached> out = new ArrayList<>();
        for (PackageCache.Entry e : PackageCache.open().list()) {
            out.add(new Cached(e.digest(), e.dir(), e.sources()));
        }
        return out;
    }
}
