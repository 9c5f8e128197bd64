package dev.ecli.runner.pkg.load;

import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackagePaths;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.eunomia.EunomiaLegacy;
import dev.ecli.runner.pkg.eunomia.EunomiaPackage;
import dev.ecli.runner.pkg.eunomia.EunomiaTar;
import dev.ecli.runner.pkg.manifest.DocumentKind;
import dev.ecli.runner.pkg.manifest.LocatedTree;
import dev.ecli.runner.pkg.manifest.ManifestLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Loads a package from its directory or its manifest file: finds the manifest, parses and
 * validates it, and resolves its object, which must stay inside the package directory.
 */
public final class PackageLoader {
    private PackageLoader() {}

    /**
     * Fetches an overlay's {@code base} that is no file here (an OCI reference or URL) and says where
     * it landed; null when {@code ref} is neither. {@code resolve/} sets one, as it knows the cache
     * and the pull settings this package layer must not depend on.
     */
    @FunctionalInterface
    public interface BaseFetcher {
        /** @return the fetched package's directory or file, or null when {@code ref} is not remote */
        Path fetch(String ref) throws Exception;
    }

    private static volatile BaseFetcher baseFetcher = ref -> null;

    /** Sets how overlays fetch a remote {@code base} for the rest of this process. */
    public static void fetchBasesWith(BaseFetcher fetcher) {
        baseFetcher = fetcher;
    }

    static BaseFetcher baseFetcher() {
        return baseFetcher;
    }

    /**
     * Loads a package.
     *
     * @param path a package directory, or a manifest file ({@code package.yaml}, {@code package.yml},
     *             {@code package.json}, or an eunomia {@code package.json}), or an eunomia
     *             {@code *.tar} ({@code package.json} and a {@code btfhub-archive/} of kernel BTF)
     * @return the package, its object checked to exist, to lie inside the package directory and
     *         to match {@code sha256} when the manifest gives one
     * @throws PackageException with a one-line message, {@code FILE:LINE:COLUMN: ...} when a
     *                          place in the manifest is at fault
     */
    public static PackageSpec load(Path path) throws PackageException {
        Path manifestPath = locate(path);
        LocatedTree tree = ManifestLoader.read(manifestPath);
        switch (DocumentKind.of(tree.root())) {
            case EUNOMIA_PACKAGE -> {
                return EunomiaPackage.load(tree, manifestPath);
            }
            case EUNOMIA_LEGACY -> {
                return EunomiaLegacy.load(tree, manifestPath);
            }
            case EUNOMIA_SKELETON -> {
                return EunomiaPackage.loadSkeleton(tree, manifestPath);
            }
            case ECLI_OVERLAY -> {
                return Overlay.load(tree, manifestPath);
            }
            case ECLI -> { }
        }
        Manifest manifest = ManifestLoader.bind(tree);
        if (manifest.embedded() != null) {
            byte[] bytes = EmbeddedObjects.read(manifest.embedded());
            checkSha256(tree, manifest, sha256(bytes));
            return new PackageSpec(manifest, manifestPath, null, bytes, EmbeddedObjects.name(manifest.embedded()),
                    PackageSpec.Kind.MANIFEST, List.of(), null);
        }
        Path object = resolveObject(tree, manifestPath, manifest.object());
        if (manifest.sha256() != null) {
            checkSha256(tree, manifest, sha256(object));
        }
        return new PackageSpec(manifest, manifestPath, object, null, object.getFileName().toString(),
                PackageSpec.Kind.MANIFEST, List.of(), null);
    }

    private static void checkSha256(LocatedTree tree, Manifest manifest, String actual) throws PackageException {
        if (manifest.sha256() != null && !actual.equalsIgnoreCase(manifest.sha256())) {
            throw new PackageException(tree.at(tree.value("/sha256"), "sha256 mismatch for "
                    + manifest.objectLabel() + ": manifest says " + manifest.sha256().toLowerCase(Locale.ROOT)
                    + ", " + (manifest.embedded() != null ? "its object has " : "file has ") + actual));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The manifest of a package: the file itself, the {@code package.json} of an unpacked
     * eunomia tar, or the first of {@link ManifestLoader#FILE_NAMES} in a directory.
     * @throws PackageException when the path does not exist or the directory has no manifest
     */
    public static Path locate(Path path) throws PackageException {
        if (!Files.exists(path)) {
            throw new PackageException("package path does not exist: " + path);
        }
        if (EunomiaTar.isTar(path)) {
            return EunomiaTar.unpack(path);
        }
        return Files.isDirectory(path) ? findManifest(path) : path;
    }

    private static Path findManifest(Path dir) throws PackageException {
        for (String name : ManifestLoader.FILE_NAMES) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new PackageException("no package.yaml or package.json in " + dir);
    }

    /** The object's real path, inside the package directory ({@link PackagePaths#inside}). */
    private static Path resolveObject(LocatedTree tree, Path manifestPath, String object) throws PackageException {
        try {
            return PackagePaths.inside(manifestPath.toAbsolutePath().getParent(), object);
        } catch (PackagePaths.Refused r) {
            throw new PackageException(tree.at(tree.value("/object"), "object " + object + " named in "
                    + manifestPath.getFileName() + " " + r.getMessage()));
        }
    }

    private static String sha256(Path file) throws PackageException {
        try {
            if (Files.size(file) > ObjectSpec.MAX_FILE_BYTES) {
                throw new PackageException(file + ": " + Files.size(file) + " bytes, over the limit of "
                        + (ObjectSpec.MAX_FILE_BYTES >> 20) + " MiB for a BPF object");
            }
        } catch (IOException e) {
            throw new PackageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new PackageException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
