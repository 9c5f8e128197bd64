package dev.ecli.runner.oci;

import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Pulls a package by OCI reference into the {@link PackageCache}: the manifest (checked to be an
 * ecli package), then the config and object blobs, each checked against its digest and size
 * limit, then the whole directory through {@link PackageLoader} (path containment, the object's
 * sha256 against the manifest's) before it is moved into the cache. What it returns, cached
 * before or just pulled, has been checked against its digest ({@link PackageCache#verified}).
 */
public final class Puller {
    /** What a pull did: the cache directory, the digest, and whether anything was fetched. */
    public record Result(Path dir, String digest, boolean fetched) {}

    private final PackageCache cache;
    private final boolean insecure;
    private final Consumer<String> notes;

    /**
     * @param insecure plain HTTP instead of TLS
     * @param notes    receives one-line warnings (plain HTTP off loopback)
     */
    public Puller(PackageCache cache, boolean insecure, Consumer<String> notes) {
        this.cache = cache;
        this.insecure = insecure;
        this.notes = notes;
    }

    /**
     * The cache directory of {@code ref}, pulled first when {@code policy} says so.
     *
     * @throws FetchException   unreachable, unauthorized, no such tag, or not cached under {@code never}
     * @throws PackageException what came is not an ecli package, or fails a digest or a check
     */
    public Result pull(Reference ref, PullPolicy policy) throws FetchException, PackageException {
        String source = ref.toString();
        String known = ref.digest() != null ? ref.digest() : cache.digestOf(source);
        if (known != null && policy != PullPolicy.never) {
            dropUnverifiable(known);
        }
        if (known != null && cache.has(known) && (policy != PullPolicy.always || ref.digest() != null)) {
            return new Result(cache.verified(known), known, false);
        }
        if (policy == PullPolicy.never) {
            throw new FetchException(source + " is not in the cache " + cache.root() + " (--pull never): pull it"
                    + " first with 'ecli-java pull " + source + "'");
        }
        RegistryClient client = client(ref.registry(), insecure, notes);
        RegistryClient.Fetched manifest = client.manifest(ref.repository(), ref.manifestKey(), PackageArtifact.ACCEPT);
        String digest = manifest.digest();
        dropUnverifiable(digest);
        if (!cache.has(digest)) {
            PackageArtifact.Parsed parsed = PackageArtifact.parse(manifest, source);
            fetchInto(client, ref, parsed, manifest, digest);
        }
        try {
            cache.record(source, digest);
        } catch (IOException e) {
            throw new FetchException("cannot write the cache " + cache.root() + ": " + e.getMessage(), e);
        }
        return new Result(cache.verified(digest), digest, true);
    }

    private void dropUnverifiable(String digest) throws FetchException {
        try {
            cache.dropUnverifiable(digest);
        } catch (IOException e) {
            throw new FetchException("cannot write the cache " + cache.root() + ": " + e.getMessage(), e);
        }
    }

    private void fetchInto(RegistryClient client, Reference ref, PackageArtifact.Parsed parsed,
            RegistryClient.Fetched manifest, String digest) throws FetchException, PackageException {
        Path staging;
        try {
            staging = cache.newStaging();
        } catch (IOException e) {
            throw new FetchException("cannot write the cache " + cache.root() + ": " + e.getMessage(), e);
        }
        try {
            client.blob(ref.repository(), parsed.config().digest(), parsed.config().size(),
                    RegistryClient.MAX_MANIFEST_BYTES, staging.resolve("package.json"));
            client.blob(ref.repository(), parsed.object().digest(), parsed.object().size(),
                    RegistryClient.MAX_BLOB_BYTES, staging.resolve(parsed.object().title()));
            // Kept to check the package against its digest on every run (CachedPackage).
            Files.write(staging.resolve(PackageCache.OCI_MANIFEST), manifest.bytes());
            // The same checks as a package on disk: the manifest, its object inside the
            // directory, the object's sha256.
            String named = PackageLoader.load(staging).objectPath().getFileName().toString();
            if (!named.equals(parsed.object().title())) {
                throw new PackageException(ref + ": its manifest names object " + named + ", its layer is "
                        + parsed.object().title());
            }
            cache.install(staging, digest);
        } catch (IOException e) {
            throw new FetchException("cannot write the cache " + cache.root() + ": " + e.getMessage(), e);
        } finally {
            try {
                cache.discard(staging);
            } catch (IOException e) {
                // Left in tmp/; harmless.
            }
        }
    }

    /** A client for {@code registry}: TLS unless {@code insecure}, credentials from config.json. */
    static RegistryClient client(String registry, boolean insecure, Consumer<String> notes) throws FetchException {
        if (insecure && !Loopback.isLoopback(Reference.parse(registry + "/x").host())) {
            notes.accept("warning: plain HTTP to " + registry + " (--insecure): the digests still guard the"
                    + " content, but credentials and tags travel in the clear");
        }
        return new RegistryClient(registry, insecure, Credentials.find(registry));
    }
}
