package dev.ecli.runner.oci;

import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Downloads a self-contained package by URL, as eunomia's {@code ecli run https://.../package.json}
 * does: one file (an eunomia {@code package.json}, its object inline), kept in the
 * {@link PackageCache} under its content's digest. HTTPS; plain HTTP only to loopback or with
 * {@code --insecure}.
 */
public final class UrlFetcher {
    private final PackageCache cache;
    private final boolean insecure;

    /** @param insecure allow plain HTTP to hosts other than loopback */
    public UrlFetcher(PackageCache cache, boolean insecure) {
        this.cache = cache;
        this.insecure = insecure;
    }

    /**
     * The cache directory of the package at {@code url}, downloaded first when {@code policy} says so.
     *
     * @throws IllegalArgumentException a malformed URL, or plain HTTP off loopback without {@code --insecure}
     */
    public Puller.Result fetch(String url, PullPolicy policy) throws FetchException, PackageException {
        URI uri = parse(url);
        String known = cache.digestOf(url);
        if (known != null && cache.has(known) && policy != PullPolicy.always) {
            return new Puller.Result(cache.verified(known), known, false);
        }
        if (policy == PullPolicy.never) {
            throw new FetchException(url + " is not in the cache " + cache.root() + " (--pull never)");
        }
        Transport t = new Transport(uri.getAuthority(), null);
        byte[] body;
        try (Transport.Response r = t.send("GET", uri, Map.of(), null)) {
            if (r.status() != 200) {
                throw new FetchException(url + ": HTTP " + r.status() + (r.status() == 404 ? " (not found)" : ""));
            }
            body = RegistryClient.read(r.body(), RegistryClient.MAX_BLOB_BYTES, url);
        }
        String digest = Digests.of(body);
        try {
            if (!cache.has(digest)) {
                Path staging = cache.newStaging();
                try {
                    Files.write(staging.resolve(fileName(uri)), body);
                    PackageLoader.load(staging);
                    cache.install(staging, digest);
                } finally {
                    cache.discard(staging);
                }
            }
            cache.record(url, digest);
        } catch (IOException e) {
            throw new FetchException("cannot write the cache " + cache.root() + ": " + e.getMessage(), e);
        }
        return new Puller.Result(cache.verified(digest), digest, true);
    }

    private URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' names no host");
        }
        if (uri.getScheme().equalsIgnoreCase("http") && !insecure && !Loopback.isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(url + ": plain HTTP to " + uri.getHost()
                    + " could be changed on the way; use https, or --insecure");
        }
        return uri;
    }

    /** The manifest's name in the cache: package.yaml for a YAML URL, else package.json. */
    private static String fileName(URI uri) {
        String p = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
        return p.endsWith(".yaml") || p.endsWith(".yml") ? "package.yaml" : "package.json";
    }
}
