package dev.ecli.runner.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.pkg.FetchException;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sys.TrustedDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The local cache of pulled packages, keyed by digest: {@code packages/sha256-HEX/} is a package
 * directory (the manifest as {@code package.json} and the object, with the OCI manifest they came
 * by) for the OCI manifest or downloaded file of that digest, and {@code refs/} maps each
 * reference or URL pulled to the digest it had. Entries appear by an atomic rename of a finished
 * directory, so several runners pulling at once never see half of one; the first to finish wins,
 * the others' copies are dropped.
 *
 * <p>The cache is used only while it is trusted ({@link TrustedDir}: every directory from
 * {@code /} down belongs to the effective user or root, none is a link or writable by others),
 * every name in it is opened without following links, and a package is checked against its
 * digest ({@link #verified}) each time before it runs. Under {@code sudo -E} the cache found
 * through the invoking user's {@code $XDG_CACHE_HOME} is therefore not root's to use.
 */
public final class PackageCache {
    /** One cached package and the sources (references, URLs) that point to it. */
    public record Entry(String digest, Path dir, List<String> sources) {}

    /** The OCI manifest a package was pulled by, kept in its directory to check it by on each run. */
    public static final String OCI_MANIFEST = "oci-manifest.json";

    private static final List<String> PARTS = List.of("packages", "refs", "tmp");
    private static final int MAX_REF_BYTES = 64 << 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;

    /** The cache at {@code root} (created when first written). */
    public PackageCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * This process's cache: see {@link #defaultRoot}.
     *
     * @throws FetchException when it is not trusted, saying why
     */
    public static PackageCache open() throws FetchException {
        PackageCache c = new PackageCache(defaultRoot(System::getenv, TrustedDir.effectiveUserIsRoot()));
        String why = c.whyUntrusted();
        if (why != null) {
            throw new FetchException("not using the cache " + c.root + ": " + why + " (see docs/oci.md)");
        }
        return c;
    }

    /**
     * This process's cache when it is trusted; else, after one warning to {@code notes} saying
     * why, a private cache in a new temporary directory, removed when the JVM exits, so that a
     * run pulls afresh instead of trusting what it found.
     */
    public static PackageCache openOrPrivate(Consumer<String> notes) throws FetchException {
        try {
            return open();
        } catch (FetchException e) {
            notes.accept("warning: " + e.getMessage() + "; pulling into a private temporary directory");
        }
        try {
            Path dir = Files.createTempDirectory("ecli-java-cache-");
            PackageCache c = new PackageCache(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(c::discardAll, "ecli-java-private-cache"));
            return c;
        } catch (IOException e) {
            throw new FetchException("cannot make a private cache: " + e.getMessage(), e);
        }
    }

    private void discardAll() {
        // From inside: the temporary directory above (sticky /tmp) is not itself a trusted one.
        try (TrustedDir dir = TrustedDir.open(root)) {
            for (String n : dir.names()) {
                dir.delete(n);
            }
            Files.delete(root);
        } catch (IOException e) {
            // Left in the temporary directory, private to this user.
        }
    }

    /**
     * {@code $XDG_CACHE_HOME/ecli-java} when that is set, else {@code /var/cache/ecli-java} for
     * root, else {@code ~/.cache/ecli-java}.
     */
    static Path defaultRoot(Function<String, String> env, boolean root) {
        String xdg = env.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "ecli-java");
        }
        if (root) {
            return Path.of("/var/cache/ecli-java");
        }
        return Path.of(System.getProperty("user.home", "/"), ".cache", "ecli-java");
    }

    /** Null when this cache may be used (or made), else why not, in one line. */
    public String whyUntrusted() {
        String why = TrustedDir.whyNot(root);
        for (int i = 0; why == null && i < PARTS.size(); i++) {
            why = TrustedDir.whyNot(root.resolve(PARTS.get(i)));
        }
        return why;
    }

    /** The cache's directory. */
    public Path root() {
        return root;
    }

    /** The package directory of {@code digest}, whether or not it is there. */
    public Path dirOf(String digest) {
        return root.resolve("packages").resolve(entryName(digest));
    }

    private static String entryName(String digest) {
        return "sha256-" + Digests.hex(digest);
    }

    /** Whether the package of {@code digest} is cached (whole or not: see {@link #verified}). */
    public boolean has(String digest) {
        try (TrustedDir packages = TrustedDir.open(root.resolve("packages"))) {
            return packages.isDirectory(entryName(digest));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The package directory of {@code digest}, once what it holds is checked against the digest.
     *
     * @throws PackageException it does not match, or is not trusted
     * @throws FetchException   it cannot be read
     */
    public Path verified(String digest) throws PackageException, FetchException {
        // Walked from the cache's root with the strict rule for every name below it.
        try (TrustedDir cache = TrustedDir.open(root); TrustedDir packages = cache.dir("packages");
                TrustedDir dir = packages.dir(entryName(digest))) {
            CachedPackage.verify(dir, digest);
            return dir.path();
        } catch (TrustedDir.UntrustedException e) {
            throw new PackageException("not running the cached package " + digest + ": " + e.getMessage());
        } catch (IOException e) {
            throw new FetchException("cannot read the cache " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the package of {@code digest} when it has no OCI manifest to check it by (an
     * ecli-java before that check pulled it) and is not a URL's one file, so a pull fetches it
     * whole again instead of it being refused forever.
     *
     * @return whether it was removed
     */
    public boolean dropUnverifiable(String digest) throws IOException {
        try (TrustedDir packages = TrustedDir.open(root.resolve("packages"))) {
            String name = entryName(digest);
            if (!packages.isDirectory(name)) {
                return false;
            }
            List<String> names;
            try (TrustedDir dir = packages.dir(name)) {
                names = dir.names();
            }
            if (names.contains(OCI_MANIFEST) || names.size() == 1) {
                return false;
            }
            packages.delete(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The digest {@code source} had when last pulled, or null. */
    public String digestOf(String source) {
        try (TrustedDir refs = TrustedDir.open(root.resolve("refs")); InputStream in = refs.read(refName(source))) {
            JsonNode n = JSON.readTree(in.readNBytes(MAX_REF_BYTES));
            String d = n.path("digest").asText("");
            return source.equals(n.path("source").asText()) && Digests.isSha256(d) ? d : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String refName(String source) {
        return HexFormat.of().formatHex(Digests.sha256().digest(source.getBytes(StandardCharsets.UTF_8))) + ".json";
    }

    /** Records that {@code source} now names {@code digest}. */
    public void record(String source, String digest) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("digest", digest);
        try (TrustedDir refs = TrustedDir.create(root.resolve("refs"))) {
            // refs/ is trusted, so the path written is the directory checked.
            Path tmp = Files.createTempFile(refs.path(), ".ref", ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(m));
            seal(tmp, "rw-r--r--");
            refs.move(tmp.getFileName().toString(), refs, refName(source));
        }
    }

    /** A fresh directory, private to this user, to fill before {@link #install}. */
    public Path newStaging() throws IOException {
        try (TrustedDir tmp = TrustedDir.create(root.resolve("tmp"))) {
            return Files.createTempDirectory(tmp.path(), "pull-");
        }
    }

    /** Removes a staging directory {@link #newStaging} made, if it is still there. */
    public void discard(Path staging) throws IOException {
        try (TrustedDir tmp = TrustedDir.open(root.resolve("tmp"))) {
            tmp.delete(staging.getFileName().toString());
        } catch (NoSuchFileException e) {
            // Nothing staged.
        }
    }

    /**
     * Moves a filled staging directory in as the package of {@code digest}; when another pull
     * installed it first, drops this one.
     *
     * @return the package directory
     */
    public Path install(Path staging, String digest) throws IOException {
        String name = staging.getFileName().toString();
        try (TrustedDir tmp = TrustedDir.open(root.resolve("tmp")); TrustedDir stage = tmp.dir(name);
                TrustedDir packages = TrustedDir.create(root.resolve("packages"))) {
            // Files as a umask of 002 made them would be writable by the group: not trusted later.
            for (String f : stage.names()) {
                seal(stage.path().resolve(f), "rw-r--r--");
            }
            seal(stage.path(), "rwxr-xr-x");
            try {
                tmp.move(name, packages, entryName(digest));
            } catch (FileSystemException e) {
                // rename(2) onto a directory another pull made: ENOTEMPTY, reported as one of these.
                if (!packages.isDirectory(entryName(digest))) {
                    throw e;
                }
                tmp.delete(name);
            }
        }
        return dirOf(digest);
    }

    private static void seal(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    /** Every cached package, with the sources pointing to it, ordered by digest. */
    public List<Entry> list() throws IOException {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String> ref : refs().entrySet()) {
            sources.computeIfAbsent(ref.getValue(), d -> new ArrayList<>()).add(ref.getKey());
        }
        List<Entry> out = new ArrayList<>();
        try (TrustedDir packages = TrustedDir.open(root.resolve("packages"))) {
            for (String name : packages.names()) {
                String digest = "sha256:" + name.substring(Math.min(name.length(), "sha256-".length()));
                if (!name.startsWith("sha256-") || !Digests.isSha256(digest) || !packages.isDirectory(name)) {
                    continue;
                }
                List<String> src = sources.getOrDefault(digest, new ArrayList<>());
                src.sort(Comparator.naturalOrder());
                out.add(new Entry(digest, dirOf(digest), src));
            }
        } catch (NoSuchFileException e) {
            // Nothing pulled yet.
        }
        return out;
    }

    /** Every recorded source and its digest. */
    private Map<String, String> refs() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TrustedDir refs = TrustedDir.open(root.resolve("refs"))) {
            for (String f : refs.names()) {
                if (!f.endsWith(".json")) {
                    continue;
                }
                try (InputStream in = refs.read(f)) {
                    JsonNode n = JSON.readTree(in.readNBytes(MAX_REF_BYTES));
                    String d = n.path("digest").asText("");
                    if (Digests.isSha256(d) && n.hasNonNull("source")) {
                        out.put(n.get("source").asText(), d);
                    }
                } catch (IOException e) {
                    // A damaged ref is as good as none.
                }
            }
        } catch (NoSuchFileException e) {
            // Nothing pulled yet.
        }
        return out;
    }

    /**
     * Removes what {@code what} names: a source (its ref, and its package once no other source
     * points to it), or a digest or unique prefix of one's hex (the package and every ref to it).
     *
     * @return the package directories removed; empty when only a ref went
     * @throws IllegalArgumentException when nothing, or more than one package, matches
     */
    public List<Path> remove(String what) throws IOException {
        List<Entry> entries = list();
        Map<String, String> refs = refs();
        String digest = refs.get(what);
        if (digest != null) {
            deleteRefs(List.of(what));
            boolean stillNamed = refs.entrySet().stream()
                    .anyMatch(e -> e.getValue().equals(digest) && !e.getKey().equals(what));
            if (stillNamed || !has(digest)) {
                return List.of();
            }
            deletePackage(digest);
            return List.of(dirOf(digest));
        }
        String hex = what.startsWith("sha256:") ? what.substring(7) : what;
        List<Entry> matches = hex.matches("[a-f0-9]{4,64}")
                ? entries.stream().filter(e -> Digests.hex(e.digest()).startsWith(hex)).toList() : List.of();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("nothing in the cache " + root + " is named " + what
                    + " (see 'ecli-java list --cache')");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(what + " matches " + matches.size() + " cached packages;"
                    + " give more of the digest");
        }
        Entry e = matches.getFirst();
        deleteRefs(e.sources());
        deletePackage(e.digest());
        return List.of(e.dir());
    }

    private void deleteRefs(List<String> sources) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        try (TrustedDir refs = TrustedDir.open(root.resolve("refs"))) {
            for (String s : sources) {
                refs.delete(refName(s));
            }
        }
    }

    private void deletePackage(String digest) throws IOException {
        try (TrustedDir packages = TrustedDir.open(root.resolve("packages"))) {
            packages.delete(entryName(digest));
        }
    }
}
