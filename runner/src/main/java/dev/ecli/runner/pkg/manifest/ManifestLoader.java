package dev.ecli.runner.pkg.manifest;

import dev.ecli.elf.BoundedFile;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads one manifest file (YAML or JSON), validates it against {@code schemas/package.schema.json}
 * and binds it to a {@link Manifest}. Every failure is a {@link PackageException} whose message is
 * one line, {@code FILE:LINE:COLUMN: what} when a place in the file is at fault.
 *
 * <p>This checks the manifest alone; {@link PackageLoader} also resolves and checks its object.
 */
public final class ManifestLoader {
    /** The manifest file names a package directory is searched for, in order. */
    public static final List<String> FILE_NAMES = List.of("package.yaml", "package.yml", "package.json");

    /** The manifest's syntax. */
    public enum Syntax {
        /** YAML 1.2 (booleans are only {@code true}/{@code false}). */
        YAML,
        /** JSON. */
        JSON;

        /**
         * The syntax by file extension ({@code .json}; {@code .yaml}, {@code .yml}); for any other
         * name, by content: JSON when the first non-blank character opens an object or array.
         */
        public static Syntax of(String fileName, byte[] content) {
            String lower = fileName.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".json")) {
                return JSON;
            }
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                return YAML;
            }
            int i = startsWithBom(content) ? 3 : 0;
            while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r'
                    || content[i] == '\n')) {
                i++;
            }
            // YAML flow mappings also start with '{', but a JSON parser's errors are clearer for them.
            return i < content.length && (content[i] == '{' || content[i] == '[') ? JSON : YAML;
        }

        private static boolean startsWithBom(byte[] b) {
            return b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
        }
    }

    private ManifestLoader() {}

    /**
     * Reads, validates and binds a manifest file.
     *
     * @param file a manifest; its syntax comes from {@link Syntax#of}
     * @return the manifest; its {@code object} is not checked here
     * @throws PackageException when the file is unreadable, empty, malformed, fails the schema or is
     *                          an eunomia {@code package.json} (load that with {@link PackageLoader})
     */
    public static Manifest load(Path file) throws PackageException {
        LocatedTree tree = read(file);
        DocumentKind kind = DocumentKind.of(tree.root);
        if (kind == DocumentKind.EUNOMIA_PACKAGE || kind == DocumentKind.EUNOMIA_LEGACY) {
            throw new PackageException(file + " is an eunomia package.json, not an ecli manifest;"
                    + " load it as a package");
        }
        return bind(tree);
    }

    /**
     * Parses, validates and binds manifest text.
     *
     * @param label  how messages name the source, e.g. its path
     * @param syntax YAML or JSON
     * @throws PackageException as {@link #load(Path)}
     */
    public static Manifest parse(String label, byte[] content, Syntax syntax) throws PackageException {
        return bind(LocatedTree.parse(label, content, syntax == Syntax.YAML));
    }

    /**
     * Every schema problem in a manifest file, first in the file first, for tools that show them
     * all (such as a {@code validate} command); empty when it is valid.
     *
     * @throws PackageException when the file cannot be read or parsed at all
     */
    public static List<String> problems(Path file) throws PackageException {
        LocatedTree tree = read(file);
        DocumentKind kind = DocumentKind.of(tree.root);
        if (kind == DocumentKind.EUNOMIA_PACKAGE || kind == DocumentKind.EUNOMIA_LEGACY) {
            return List.of();
        }
        return ManifestValidator.validate(tree).stream().map(ManifestValidator.Problem::message).toList();
    }

    /**
     * The manifest file's tree, parsed as {@link #load} parses it (YAML 1.2 or JSON, same limits),
     * not validated: for writing a manifest out as JSON (a pushed package's config).
     *
     * @throws PackageException when the file cannot be read or parsed
     */
    public static JsonNode tree(Path file) throws PackageException {
        return read(file).root;
    }

    /** Reads and parses a manifest file, remembering where each key and value is. */
    public static LocatedTree read(Path file) throws PackageException {
        byte[] bytes;
        try {
            bytes = BoundedFile.read(file, LocatedTree.MAX_BYTES);
        } catch (NoSuchFileException e) {
            throw new PackageException("manifest does not exist: " + file);
        } catch (BoundedFile.Refused e) {
            if (isElf(file)) {
                throw objectGiven(file);
            }
            throw new PackageException("manifest " + file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new PackageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        // A common slip: passing the .bpf.o itself. Say so instead of a YAML error about control characters.
        if (bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
            throw objectGiven(file);
        }
        Path name = file.getFileName();
        Syntax syntax = Syntax.of(name == null ? "" : name.toString(), bytes);
        return LocatedTree.parse(file.toString(), bytes, syntax == Syntax.YAML);
    }

    private static PackageException objectGiven(Path file) {
        return new PackageException(file + " is an object file, not a manifest; give the package"
                + " directory or its package.yaml");
    }

    /** Whether a regular file starts with the ELF magic (only its first bytes are read). */
    private static boolean isElf(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** Validates a parsed tree and binds it to the model. */
    public static Manifest bind(LocatedTree tree) throws PackageException {
        ManifestValidator.check(tree);
        try {
            return ManifestBinder.manifest(tree.root);
        } catch (RuntimeException e) {
            // The schema should have caught anything the model cannot hold.
            throw new PackageException(tree.file + ": " + LocatedTree.oneLine(String.valueOf(e.getMessage())), e);
        }
    }
}
