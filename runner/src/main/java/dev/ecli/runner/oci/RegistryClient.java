package dev.ecli.runner.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of the OCI distribution API that packages need, for one registry: manifests by tag or
 * digest (GET with {@code Accept}, PUT), blobs (HEAD, GET, monolithic POST + PUT upload) and
 * {@code tags/list}. Everything read is bounded in size and checked against its digest before
 * the caller sees it. Not thread-safe.
 */
public final class RegistryClient {
    /** The largest manifest read (containerd's limit). */
    public static final long MAX_MANIFEST_BYTES = 4L << 20;
    /** The largest blob (config or object) read. */
    public static final long MAX_BLOB_BYTES = 64L << 20;

    /** A manifest as the registry sent it, its digest computed here. */
    public record Fetched(byte[] bytes, String mediaType, String digest) {}

    private final String registry;
    private final String base;
    private final Transport transport;

    /**
     * @param registry    {@code HOST[:PORT]}
     * @param plainHttp   plain HTTP instead of TLS
     * @param credentials for the registry's 401 challenges, or null
     */
    public RegistryClient(String registry, boolean plainHttp, Credentials credentials) {
        this(new Transport("registry " + registry, credentials), registry, plainHttp);
    }

    /** As {@link #RegistryClient(String, boolean, Credentials)}, over a transport of the caller's (tests). */
    RegistryClient(Transport transport, String registry, boolean plainHttp) {
        this.registry = registry;
        this.base = (plainHttp ? "http://" : "https://") + registry + "/v2/";
        this.transport = transport;
    }

    private URI uri(String repository, String rest) {
        return URI.create(base + repository + "/" + rest);
    }

    /**
     * The manifest of {@code repository} at {@code key} (a tag or a digest), checked against the
     * digest when the key is one.
     *
     * @throws FetchException unreachable, unauthorized, or no such tag or digest
     * @throws PackageException too large, or its content does not match the digest asked for
     */
    public Fetched manifest(String repository, String key, String accept) throws FetchException, PackageException {
        try (Transport.Response r = transport.send("GET", uri(repository, "manifests/" + key),
                Map.of("Accept", accept), null)) {
            if (r.status() == 404) {
                throw new FetchException(notFound(repository, key, r));
            }
            expect(r, 200, "GET", repository + " manifest " + key);
            byte[] bytes = read(r.body(), MAX_MANIFEST_BYTES, "the manifest of " + where(repository, key));
            String digest = Digests.of(bytes);
            if (Digests.isSha256(key) && !digest.equals(key)) {
                throw new PackageException("digest mismatch: the manifest of " + where(repository, key)
                        + " has digest " + digest);
            }
            String type = r.header("Content-Type");
            return new Fetched(bytes, type == null ? "" : type.split(";")[0].strip(), digest);
        }
    }

    private String notFound(String repository, String key, Transport.Response r) {
        String what = Digests.isSha256(key) ? "no manifest " + key : "no tag " + key;
        String msg = what + " in " + registry + "/" + repository;
        try {
            List<String> tags = tags(repository);
            return msg + (tags.isEmpty() ? " (it has no tags)" : " (its tags: " + String.join(", ",
                    tags.subList(0, Math.min(10, tags.size()))) + (tags.size() > 10 ? ", ..." : "") + ")");
        } catch (FetchException e) {
            return msg + (e.getMessage().contains("NAME_UNKNOWN") ? " (no such repository)" : " (" + errorText(r) + ")");
        }
    }

    /**
     * Reads blob {@code digest} of declared {@code size} into {@code target}, failing before
     * reading when the size is over {@code limit} and as soon as more bytes than declared come.
     *
     * @throws PackageException over the limit, not the declared size, or not the digest
     */
    public void blob(String repository, String digest, long size, long limit, Path target)
            throws FetchException, PackageException {
        checkSize(repository, digest, size, limit);
        try (Transport.Response r = transport.send("GET", uri(repository, "blobs/" + digest), Map.of(), null)) {
            if (r.status() == 404) {
                throw new FetchException("blob " + digest + " is missing from " + registry + "/" + repository);
            }
            expect(r, 200, "GET", "blob " + digest);
            MessageDigest md = Digests.sha256();
            long n = 0;
            byte[] buf = new byte[64 << 10];
            try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(target)) {
                for (int k; (k = in.read(buf)) > 0; ) {
                    n += k;
                    if (n > size) {
                        throw new PackageException("blob " + digest + " of " + registry + "/" + repository
                                + " is longer than the " + size + " bytes its descriptor says");
                    }
                    md.update(buf, 0, k);
                    out.write(buf, 0, k);
                }
            } catch (IOException e) {
                throw new FetchException("reading blob " + digest + " from " + registry + ": " + e.getMessage(), e);
            }
            if (n != size) {
                throw new PackageException("blob " + digest + " of " + registry + "/" + repository + " has "
                        + n + " bytes, its descriptor says " + size);
            }
            String actual = Digests.of(md);
            if (!actual.equals(digest)) {
                throw new PackageException("digest mismatch: blob " + digest + " of " + registry + "/"
                        + repository + " has content with digest " + actual);
            }
        }
    }

    private void checkSize(String repository, String digest, long size, long limit) throws PackageException {
        if (size < 0 || size > limit) {
            throw new PackageException("blob " + digest + " of " + registry + "/" + repository + " is " + size
                    + " bytes, over the limit of " + (limit >> 20) + " MiB");
        }
    }

    /** Whether the registry has blob {@code digest} in {@code repository}. */
    public boolean hasBlob(String repository, String digest) throws FetchException {
        try (Transport.Response r = transport.send("HEAD", uri(repository, "blobs/" + digest), Map.of(), null)) {
            if (r.status() == 404) {
                return false;
            }
            expect(r, 200, "HEAD", "blob " + digest);
            return true;
        }
    }

    /** Uploads a blob in one piece (POST for a session, PUT with the digest). */
    public void upload(String repository, String digest, byte[] content) throws FetchException {
        String location;
        try (Transport.Response r = transport.send("POST", uri(repository, "blobs/uploads/"),
                Map.of(), new byte[0])) {
            expect(r, 202, "POST", "a blob upload to " + repository);
            location = r.header("Location");
            if (location == null) {
                throw new FetchException("registry " + registry + " began an upload without a Location");
            }
        }
        URI session = URI.create(base).resolve(location);
        String sep = session.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(session + sep + "digest=" + digest.replace(":", "%3A"));
        try (Transport.Response r = transport.send("PUT", put,
                Map.of("Content-Type", "application/octet-stream"), content)) {
            expect(r, 201, "PUT", "blob " + digest);
        }
    }

    /** Puts a manifest under {@code tag}; returns its digest. */
    public String putManifest(String repository, String tag, String mediaType, byte[] content) throws FetchException {
        try (Transport.Response r = transport.send("PUT", uri(repository, "manifests/" + tag),
                Map.of("Content-Type", mediaType), content)) {
            expect(r, 201, "PUT", "manifest " + tag);
        }
        return Digests.of(content);
    }

    /** The repository's tags (the first page: registries list 100 or more on it). */
    public List<String> tags(String repository) throws FetchException {
        try (Transport.Response r = transport.send("GET", uri(repository, "tags/list"), Map.of(), null)) {
            expect(r, 200, "GET", "the tags of " + repository);
            JsonNode tags = new ObjectMapper().readTree(read(r.body(), MAX_MANIFEST_BYTES, "the tag list")).get("tags");
            List<String> out = new ArrayList<>();
            if (tags != null && tags.isArray()) {
                tags.forEach(t -> out.add(t.asText()));
            }
            return out;
        } catch (IOException | PackageException e) {
            throw new FetchException("registry " + registry + " sent a tag list that is not JSON", e);
        }
    }

    private void expect(Transport.Response r, int status, String method, String what) throws FetchException {
        if (r.status() == status) {
            return;
        }
        if (r.status() == 401 || r.status() == 403) {
            throw new FetchException("unauthorized: registry " + registry + " refused " + method + " of " + what
                    + (transport.hasCredentials() ? " with the credentials given" : " without credentials"
                    + " (none for " + registry + " in the docker/podman config.json: docker login / podman login)"));
        }
        throw new FetchException("registry " + registry + " answered " + r.status() + " to " + method + " of "
                + what + ": " + errorText(r));
    }

    /** The first message of an OCI error body, or the status. */
    private static String errorText(Transport.Response r) {
        try {
            byte[] body = read(r.body(), 64 << 10, "an error");
            JsonNode errors = new ObjectMapper().readTree(body).get("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                JsonNode e = errors.get(0);
                return e.path("code").asText("") + (e.hasNonNull("message") ? " " + e.get("message").asText() : "");
            }
        } catch (IOException | PackageException | FetchException | RuntimeException e) {
            // Not an OCI error body.
        }
        return "HTTP " + r.status();
    }

    private String where(String repository, String key) {
        return registry + "/" + repository + (Digests.isSha256(key) ? "@" : ":") + key;
    }

    /**
     * Reads at most {@code limit} bytes, failing when there are more.
     *
     * @throws PackageException more than {@code limit} bytes came
     * @throws FetchException   the body stalled or the connection broke while reading it
     */
    static byte[] read(InputStream in, long limit, String what) throws PackageException, FetchException {
        try (in) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (b.length > limit) {
                throw new PackageException(what + " is larger than " + limitText(limit));
            }
            return b;
        } catch (BodyDeadline.Expired e) {
            throw new FetchException("reading " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FetchException("reading " + what + ": the connection broke off (" + e.getMessage() + ")", e);
        }
    }

    private static String limitText(long limit) {
        return limit >= 1 << 20 ? (limit >> 20) + " MiB" : (limit >> 10) + " KiB";
    }
}
