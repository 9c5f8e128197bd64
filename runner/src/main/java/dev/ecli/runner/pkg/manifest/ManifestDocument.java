package dev.ecli.runner.pkg.manifest;

import dev.ecli.elf.BoundedFile;
import dev.ecli.runner.pkg.PackageException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

import java.nio.file.Path;
import java.util.List;

/**
 * A manifest file as its author wrote it, for tools that report on it or edit it ({@code validate},
 * {@code build}): the parsed tree, where each key and value starts, and every schema problem,
 * not only the first one {@link dev.ecli.runner.pkg.load.PackageLoader} stops at.
 */
public final class ManifestDocument {
    /** A place in the file, 1-based. */
    public record Location(int line, int column) {}

    private final LocatedTree tree;
    private final Path path;
    private final boolean yaml;

    private ManifestDocument(LocatedTree tree, Path path, boolean yaml) {
        this.tree = tree;
        this.path = path;
        this.yaml = yaml;
    }

    /**
     * Reads and parses a manifest file (YAML unless its name ends in {@code .json}).
     * @throws PackageException on a syntax error ({@code FILE:LINE:COLUMN: ...}) or when unreadable
     */
    public static ManifestDocument read(Path manifestPath) throws PackageException {
        byte[] bytes;
        try {
            bytes = BoundedFile.read(manifestPath, LocatedTree.MAX_BYTES);
        } catch (BoundedFile.Refused e) {
            throw new PackageException("manifest " + manifestPath + ": " + e.getMessage());
        } catch (IOException e) {
            throw new PackageException("cannot read " + manifestPath + ": " + e.getMessage(), e);
        }
        boolean yaml = !manifestPath.getFileName().toString().toLowerCase().endsWith(".json");
        return new ManifestDocument(LocatedTree.parse(manifestPath.toString(), bytes, yaml), manifestPath, yaml);
    }

    /** The file, as the caller named it. */
    public Path path() {
        return path;
    }

    /** Whether the file is YAML (else JSON). */
    public boolean isYaml() {
        return yaml;
    }

    /** The parsed tree; do not modify it. */
    public JsonNode root() {
        return tree.root;
    }

    /**
     * Whether this is an eunomia {@code package.json} (object inline) or {@code *.skel.json}
     * (object beside it) rather than an ecli manifest.
     */
    public boolean isEunomia() {
        return DocumentKind.of(tree.root).eunomia();
    }

    /** Whether this is a manifest laid over another package ({@code base:}), checked once merged. */
    public boolean isOverlay() {
        return DocumentKind.of(tree.root) == DocumentKind.ECLI_OVERLAY;
    }

    /** Every schema problem, one line each ({@code FILE:LINE:COLUMN: message}), first in the file first. */
    public List<String> schemaProblems() {
        return ManifestValidator.validate(tree).stream().map(ManifestValidator.Problem::message).toList();
    }

    /** Where the key naming the value at this JSON pointer starts, or null (root, array elements, absent). */
    public Location keyAt(String pointer) {
        return location(tree.key(pointer));
    }

    /** Where the value at this JSON pointer starts, or null when absent. */
    public Location valueAt(String pointer) {
        return location(tree.value(pointer));
    }

    /**
     * {@code FILE:LINE:COLUMN: message} at the value of this JSON pointer (falling back to its key),
     * or {@code FILE: message} when the pointer names nothing in the file.
     */
    public String at(String pointer, String message) {
        LocatedTree.Position p = tree.value(pointer);
        return tree.at(p != null ? p : tree.key(pointer), message);
    }

    /**
     * {@code FILE:LINE:COLUMN: message} at the key naming the value of this JSON pointer (for a
     * mapping entry whose name is at fault), falling back to the value.
     */
    public String atKey(String pointer, String message) {
        LocatedTree.Position p = tree.key(pointer);
        return tree.at(p != null ? p : tree.value(pointer), message);
    }

    /** Appends one JSON pointer segment, escaped as RFC 6901 asks. */
    public static String child(String pointer, String name) {
        return LocatedTree.child(pointer, name);
    }

    private static Location location(LocatedTree.Position p) {
        return p == null ? null : new Location(p.line(), p.column());
    }
}
