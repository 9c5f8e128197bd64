package dev.ecli.runner.resolve;

import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.manifest.ManifestLoader;
import dev.ecli.runner.sys.Sys;
import dev.ecli.runner.sys.TrustedDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds packages by name, the way a shell finds commands on {@code PATH}: a bare name that is
 * not a file here is looked up as a subdirectory (holding a manifest) of, in order, each
 * directory of {@code $ECLI_PATH}, then {@code packages/} and {@code examples/} of the
 * installation (the repository or unpacked tarball the jar belongs to, or what
 * {@code -Decli.home} names), then {@code /usr/share/ecli-java}. Names are directory names;
 * nothing here knows any package. As root, {@code $ECLI_PATH}'s packages must be root's.
 */
public final class PackageSearch {
    /** Where the Debian package installs packages/, examples/ and schemas/. */
    public static final Path INSTALLED = Path.of("/usr/share/ecli-java");

    /**
     * One package found in a search directory.
     * @param notes how its name meets others' ({@link #list}): what it hides or is hidden by, and
     *              the packages of the same name in collections; empty when nothing collides
     */
    public record Found(String name, Path dir, Path searchDir, boolean shadowed, List<String> notes) {
        public Found {
            notes = List.copyOf(notes);
        }

        Found noted(String note) {
            List<String> more = new ArrayList<>(notes);
            more.add(note);
            return new Found(name, dir, searchDir, shadowed, more);
        }
    }

    private final List<Path> dirs;
    /** Directories whose packages must be root's to be used: {@code $ECLI_PATH}'s, when root. */
    private final Set<Path> owned;
    /** The directories from {@code $ECLI_PATH}, for notes on what they hide. */
    private final Set<Path> user;
    private final Consumer<String> warn;

    PackageSearch(List<Path> dirs) {
        this(dirs, Set.of(), w -> {});
    }

    PackageSearch(List<Path> dirs, Set<Path> owned, Consumer<String> warn) {
        this(dirs, owned, Set.of(), warn);
    }

    PackageSearch(List<Path> dirs, Set<Path> owned, Set<Path> user, Consumer<String> warn) {
        this.dirs = List.copyOf(dirs);
        this.owned = Set.copyOf(owned);
        this.user = Set.copyOf(user);
        this.warn = warn;
    }

    /**
     * The search path of this process: {@code $ECLI_PATH}, the installation's, the system's. As
     * root (where {@code sudo -E} keeps a user's {@code $ECLI_PATH}), a package found through
     * {@code $ECLI_PATH} is used only when it is root's ({@link TrustedDir}); one that is not is
     * passed over with a warning on stderr.
     */
    public static PackageSearch fromEnvironment() {
        Set<Path> dirs = new LinkedHashSet<>();
        String env = System.getenv("ECLI_PATH");
        if (env != null) {
            for (String s : env.split(":")) {
                path(s).ifPresent(p -> dirs.add(p.toAbsolutePath().normalize()));
            }
        }
        // Only $ECLI_PATH's so far; who we are is asked only when there are some.
        Set<Path> user = Set.copyOf(dirs);
        Set<Path> owned = !dirs.isEmpty() && TrustedDir.effectiveUserIsRoot() ? user : Set.of();
        for (Path home : homes()) {
            dirs.add(home.resolve("packages"));
            dirs.add(home.resolve("examples"));
        }
        return new PackageSearch(new ArrayList<>(dirs), owned, user, w -> {
            // notes are for people at a terminal; scripts get only warnings
            if (w.startsWith("note: ") && !Sys.isTerminal(2)) {
                return;
            }
            System.err.println("ecli-java: " + w);
            System.err.flush();
        });
    }

    /** This search with its warnings dropped (for a guess made ahead of the command's own search). */
    PackageSearch quiet() {
        return new PackageSearch(dirs, owned, user, w -> {});
    }

    /** Null when {@code pkg}, found in {@code searchDir}, may be used; else why not. */
    private String whyNot(Path pkg, Path searchDir) {
        return owned.contains(searchDir) ? TrustedDir.whyNotWithEntries(pkg) : null;
    }

    /** The directories searched, in order (some may not exist). */
    public List<Path> dirs() {
        return dirs;
    }

    /**
     * What {@code arg} names: itself when it exists or is a path ({@code ./x}, absolute), else a
     * package on the search path: a bare name is the first package of that name in a search
     * directory, else the one package of that name in a collection (a subdirectory of packages,
     * such as {@code packages/libbpf-tools}); {@code COLLECTION/NAME} names that one directly.
     * When a bare name finds a package and a collection holds another of the same name, a note
     * (on stderr when it is a terminal) says how to run the other.
     * @throws PackageException when a name is neither a file nor a package on the path, or a
     *                          bare name is in several collections and nowhere else
     */
    public Path resolve(Path arg) throws PackageException {
        String name = arg.toString();
        if (Files.exists(arg) || arg.isAbsolute() || name.startsWith(".") || name.isEmpty() || arg.getNameCount() > 2) {
            return arg;
        }
        if (arg.getNameCount() == 2) {
            for (Path d : dirs) {
                Path hit = d.resolve(arg);
                if (isPackage(hit) && usable(hit, d)) {
                    return hit;
                }
            }
            return arg;
        }
        List<String> inCollections = new ArrayList<>();
        List<Path> collectionHits = new ArrayList<>();
        for (Path d : dirs) {
            for (Path c : collections(d)) {
                Path hit = c.resolve(name);
                if (isPackage(hit) && usable(hit, d)) {
                    inCollections.add(c.getFileName() + "/" + name);
                    collectionHits.add(hit);
                }
            }
        }
        for (Path d : dirs) {
            Path hit = isPackage(d.resolve(name)) ? d.resolve(name)
                    : isPackage(d) && d.getFileName() != null && d.getFileName().toString().equals(name) ? d : null;
            if (hit != null && usable(hit, d)) {
                if (!inCollections.isEmpty()) {
                    warn.accept("note: " + name + " is " + hit + "; " + String.join(", ", inCollections)
                            + (inCollections.size() == 1 ? " is another package" : " are other packages")
                            + " of that name (run by that name)");
                }
                return hit;
            }
        }
        if (collectionHits.size() == 1) {
            return collectionHits.getFirst();
        }
        if (collectionHits.size() > 1) {
            throw new PackageException("package name " + name + " is ambiguous: " + String.join(", ", inCollections)
                    + "; run one by that name");
        }
        throw new PackageException("no package " + name + ": not a file here, nor a package in "
                + String.join(":", dirs.stream().map(Path::toString).toList()) + " (see 'ecli-java list')");
    }

    /** Whether {@code hit}, found in {@code searchDir}, may be used; warns when it may not. */
    private boolean usable(Path hit, Path searchDir) {
        String why = whyNot(hit, searchDir);
        if (why != null) {
            warn.accept("warning: not using " + hit + " from $ECLI_PATH: " + why
                    + " (as root, only packages root owns are run by name)");
        }
        return why == null;
    }

    /** The subdirectories of {@code dir} that are not packages but hold some, sorted. */
    static List<Path> collections(Path dir) {
        if (!Files.isDirectory(dir) || isPackage(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(c -> Files.isDirectory(c) && !isPackage(c) && holdsPackages(c)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static boolean holdsPackages(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(PackageSearch::isPackage);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Every package on the search path, in search order; a name found again later is marked
     * shadowed. A directory of {@code $ECLI_PATH} that is itself a package counts as one; a
     * collection's packages are named {@code COLLECTION/NAME}.
     */
    public List<Found> list() {
        List<Found> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<Path> listed = new HashSet<>();
        for (Path d : dirs) {
            List<Path> candidates = new ArrayList<>();
            if (isPackage(d)) {
                candidates.add(d);
            } else if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(PackageSearch::isPackage).sorted().forEach(candidates::add);
                } catch (IOException | UncheckedIOException e) {
                    continue;
                }
                for (Path c : collections(d)) {
                    try (Stream<Path> s = Files.list(c)) {
                        s.filter(PackageSearch::isPackage).sorted().forEach(candidates::add);
                    } catch (IOException | UncheckedIOException e) {
                        // an unreadable collection lists nothing
                    }
                }
            }
            for (Path p : candidates) {
                if (p.getFileName() == null || whyNot(p, d) != null || !listed.add(real(p))) {
                    continue;
                }
                String name = !p.equals(d) && p.getParent() != null && !p.getParent().equals(d)
                        ? p.getParent().getFileName() + "/" + p.getFileName() : p.getFileName().toString();
                out.add(new Found(name, p, d, !seen.add(name), List.of()));
            }
        }
        return noted(out);
    }

    /**
     * {@code found} with notes on the packages a bare name does not reach: one hidden by an
     * earlier one of its name ({@code $ECLI_PATH}'s over the shipped ones), and a collection's
     * {@code C/NAME} when NAME runs another package or is in several collections.
     */
    private List<Found> noted(List<Found> found) {
        List<Found> out = new ArrayList<>(found);
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            Found f = out.get(i);
            Integer w = first.putIfAbsent(f.name(), i);
            if (w != null) {
                Found winner = out.get(w);
                out.set(i, f.noted(f.dir() + " is hidden by " + winner.dir() + where(winner)));
            }
        }
        for (int i = 0; i < out.size(); i++) {
            Found f = out.get(i);
            int slash = f.name().indexOf('/');
            if (f.shadowed() || slash < 0) {
                continue;
            }
            String bare = f.name().substring(slash + 1);
            Integer w = first.get(bare);
            if (w != null) {
                out.set(i, f.noted("'run " + bare + "' runs " + out.get(w).dir() + where(out.get(w))
                        + ", not this one"));
            } else if (found.stream().filter(o -> !o.shadowed() && o != f && o.name().endsWith("/" + bare)).count() > 0) {
                out.set(i, f.noted("'" + bare + "' is in several collections: run this one by its full name"));
            }
        }
        return out;
    }

    /** Where a found package's search directory comes from, for notes. */
    private String where(Found f) {
        return user.contains(f.searchDir()) ? " (from $ECLI_PATH)" : "";
    }

    /** A directory holding a manifest. */
    static boolean isPackage(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String m : ManifestLoader.FILE_NAMES) {
            if (Files.isRegularFile(dir.resolve(m))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Installation roots holding packages/ and examples/: {@code -Decli.home} (set by the
     * installed launcher; colon-separated), else the nearest ancestor of the jar or classes
     * directory that has a packages/ directory (the repository, or an unpacked tarball); then
     * {@link #INSTALLED}.
     */
    static List<Path> homes() {
        Set<Path> homes = new LinkedHashSet<>();
        String prop = System.getProperty("ecli.home");
        if (prop != null && !prop.isBlank()) {
            for (String s : prop.split(":")) {
                path(s).ifPresent(homes::add);
            }
        } else {
            codeHome().ifPresent(homes::add);
        }
        homes.add(INSTALLED);
        return new ArrayList<>(homes);
    }

    private static java.util.Optional<Path> codeHome() {
        try {
            var src = PackageSearch.class.getProtectionDomain().getCodeSource();
            // No location when the class came from somewhere other than a file (or an AOT
            // cache trained on a different path).
            if (src == null || src.getLocation() == null) {
                return java.util.Optional.empty();
            }
            Path p = Path.of(src.getLocation().toURI()).toAbsolutePath();
            for (int up = 0; up < 4 && p != null; up++, p = p.getParent()) {
                if (Files.isDirectory(p.resolve("packages"))) {
                    return java.util.Optional.of(p);
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // Not from a file: no installation to search.
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<Path> path(String s) {
        if (s.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Path.of(s));
        } catch (InvalidPathException e) {
            return java.util.Optional.empty();
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
