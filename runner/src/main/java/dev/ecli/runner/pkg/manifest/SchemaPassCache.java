package dev.ecli.runner.pkg.manifest;

import dev.ecli.runner.sys.TrustedDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Remembers which manifest texts passed the schema, so that running an unchanged package
 * again skips the check: loading the schema and validating cost more than a tenth of a
 * second of startup, most of the time to the first event spent in Java. An entry is an empty
 * file named by the SHA-256 of the schema and the manifest's bytes, in
 * {@code $XDG_CACHE_HOME/ecli-java/schema-passed} (or {@code ~/.cache/...}); any change to
 * either is a miss and is checked in full. Skipping only costs the schema's error messages:
 * binding the model, and every check on paths and objects, still run. Without a usable
 * cache directory nothing is remembered. The system property {@code ecli.cache} names
 * another directory, or {@code off}.
 *
 * <p>An entry lets a run skip a check, so it is trusted only when nobody but the effective
 * user or root could have made it: every directory from {@code /} to it is a {@link TrustedDir}
 * (no link, owned by that user or root, writable by no one else), and the entry is a regular
 * file of theirs. Under {@code sudo -E}, {@code $HOME} stays the invoking user's, whose files
 * must not make root skip the schema; such a directory is neither read nor written.
 */
final class SchemaPassCache {
    private SchemaPassCache() {}

    /** A manifest text's entry name; null when there is no cache. */
    record Key(Path dir, String name) {}

    private static final class Schema {
        static final byte[] DIGEST = digestOfSchema();

        private static byte[] digestOfSchema() {
            try (InputStream in = SchemaPassCache.class.getResourceAsStream(ManifestValidator.SCHEMA_RESOURCE)) {
                return in == null ? null : sha256().digest(in.readAllBytes());
            } catch (IOException e) {
                return null;
            }
        }
    }

    static Key key(byte[] manifest) {
        Path dir = dir();
        byte[] schema = dir == null ? null : Schema.DIGEST;
        if (schema == null) {
            return null;
        }
        MessageDigest md = sha256();
        md.update(schema);
        md.update(manifest);
        return new Key(dir, HexFormat.of().formatHex(md.digest()));
    }

    static boolean passed(Key key) {
        if (key == null) {
            return false;
        }
        try (TrustedDir dir = TrustedDir.open(key.dir()); InputStream entry = dir.read(key.name())) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // missing, or not trusted
        }
    }

    /** Best effort: a cache that cannot be written, or is not trusted, is no cache. */
    static void remember(Key key) {
        if (key == null) {
            return;
        }
        try (TrustedDir dir = TrustedDir.create(key.dir())) {
            // The directory is trusted: the path created in is the directory checked.
            Path entry = dir.path().resolve(key.name());
            if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(entry,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            }
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            // read-only home, no home, another user's directory: check every time
        }
    }

    private static Path dir() {
        try {
            String prop = System.getProperty("ecli.cache");
            if (prop != null) {
                return prop.equals("off") || prop.isBlank() ? null : Path.of(prop, "schema-passed");
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            if (xdg != null && xdg.startsWith("/")) {
                return Path.of(xdg, "ecli-java", "schema-passed");
            }
            String home = System.getenv("HOME");
            return home != null && home.startsWith("/") ? Path.of(home, ".cache", "ecli-java", "schema-passed") : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
