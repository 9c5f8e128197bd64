package dev.ecli.runner.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The local cache of pulled packages, keyed by digest: {@code packages/sha256-HEX/} is a package
 * directory (the manifest as {@code package.json} and the object) for the OCI manifest or
 * downloaded file of that digest, and {@code refs/} maps each reference or URL pulled to the
 * digest it had. Entries appear by an atomic rename of a finished directory, so several runners
 * pulling at once never see half of one; the first to finish wins, the others' copies are
 * dropped.
 */
public final class PackageCache {
    /** One cached package and the sources (references, URLs) that point to it. */
    public record Entry(String digest, Path dir, List<String> sources) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;

    /** The cache at {@code root} (created when first written). */
    public PackageCache(Path root) {
        this.root = root;
    }

    /** This process's cache: see {@link #defaultRoot}. */
    public static PackageCache open() {
        return new PackageCache(defaultRoot(System::getenv, isRoot()));
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

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The cache's directory. */
    public Path root() {
        return root;
    }

    /** The package directory of {@code digest}, whether or not it is there. */
    public Path dirOf(String digest) {
        return root.resolve("packages").resolve("sha256-" + Digests.hex(digest));
    }

    /** Whether the package of {@code digest} is cached. */
    public boolean has(String digest) {
        return Files.isDirectory(dirOf(digest));
    }

    /** The digest {@code source} had when last pulled, or null. */
    public String digestOf(String source) {
        Path f = refFile(source);
        try {
            JsonNode n = JSON.readTree(f.toFile());
            String d = n.path("digest").asText("");
            return source.equals(n.path("source").asText()) && Digests.isSha256(d) ? d : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Path refFile(String source) {
        String name = HexFormat.of().formatHex(Digests.sha256().digest(source.getBytes(StandardCharsets.UTF_8)));
        return root.resolve("refs").resolve(name + ".json");
    }

    /** Records that {@code source} now names {@code digest}. */
    public void record(String source, String digest) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("digest", digest);
        Path f = refFile(source);
        Files.createDirectories(f.getParent());
        Path tmp = Files.createTempFile(f.getParent(), ".ref", ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(m));
        move(tmp, f, true);
    }

    /** A fresh directory to fill before {@link #install}. */
    public Path newStaging() throws IOException {
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        return Files.createTempDirectory(tmp, "pull-");
    }

    /**
     * Moves a filled staging directory in as the package of {@code digest}; when another pull
     * installed it first, drops this one.
     *
     * @return the package directory
     */
    public Path install(Path staging, String digest) throws IOException {
        Path dir = dirOf(digest);
        Files.createDirectories(dir.getParent());
        try {
            move(staging, dir, false);
        } catch (FileSystemException e) {
            // rename(2) onto a directory another pull made: ENOTEMPTY, reported as one of these.
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            delete(staging);
        }
        return dir;
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    /** Every cached package, with the sources pointing to it, ordered by digest. */
    public List<Entry> list() throws IOException {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String> ref : refs().entrySet()) {
            sources.computeIfAbsent(ref.getValue(), d -> new ArrayList<>()).add(ref.getKey());
        }
        List<Entry> out = new ArrayList<>();
        Path packages = root.resolve("packages");
        if (!Files.isDirectory(packages)) {
            return out;
        }
        try (Stream<Path> s = Files.list(packages)) {
            for (Path d : s.sorted().toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith("sha256-") || !Files.isDirectory(d)) {
                    continue;
                }
                String digest = "sha256:" + name.substring("sha256-".length());
                List<String> src = sources.getOrDefault(digest, new ArrayList<>());
                src.sort(Comparator.naturalOrder());
                out.add(new Entry(digest, d, src));
            }
        }
        return out;
    }

    /** Every recorded source and its digest. */
    private Map<String, String> refs() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path refs = root.resolve("refs");
        if (!Files.isDirectory(refs)) {
            return out;
        }
        try (Stream<Path> s = Files.list(refs)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    String d = n.path("digest").asText("");
                    if (Digests.isSha256(d) && n.hasNonNull("source")) {
                        out.put(n.get("source").asText(), d);
                    }
                } catch (IOException e) {
                    // A damaged ref is as good as none.
                }
            }
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
            Files.deleteIfExists(refFile(what));
            boolean stillNamed = refs.entrySet().stream()
                    .anyMatch(e -> e.getValue().equals(digest) && !e.getKey().equals(what));
            if (stillNamed || !has(digest)) {
                return List.of();
            }
            delete(dirOf(digest));
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
        for (String s : e.sources()) {
            Files.deleteIfExists(refFile(s));
        }
        delete(e.dir());
        return List.of(e.dir());
    }

    /** Deletes a directory tree (never following symbolic links out of it). */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
