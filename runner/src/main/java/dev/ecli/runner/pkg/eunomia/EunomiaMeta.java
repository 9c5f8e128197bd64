package dev.ecli.runner.pkg.eunomia;

import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.manifest.LocatedTree;
import dev.ecli.runner.pkg.manifest.ManifestValidator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An eunomia package's metadata ({@code meta} in a {@code package.json}, the whole of a
 * {@code *.skel.json}) with where it lies in its file, so that each complaint names the exact key
 * ({@code meta.bpf_skel.maps[2].sample.type}) and its line.
 */
final class EunomiaMeta {
    private final LocatedTree tree;
    private final String pointer;
    private final String prefix;
    /** The metadata's root node; a missing node when the file has none. */
    final JsonNode root;

    /**
     * @param tree    the parsed file
     * @param pointer JSON pointer of the metadata in it ({@code /meta}, or empty for the root)
     */
    EunomiaMeta(LocatedTree tree, String pointer) {
        this.tree = tree;
        this.pointer = pointer;
        this.prefix = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.') + ".";
        this.root = pointer.isEmpty() ? tree.root() : tree.root().at(pointer);
    }

    /** The key's name as the file spells it: {@code meta.bpf_skel.maps[2].name} for path {@code bpf_skel/maps/2/name}. */
    String name(String path) {
        return prefix + path.replaceAll("/(\\d+)", "[$1]").replace('/', '.');
    }

    /** A one-line failure at the key {@code path} (relative to the metadata), quoted as {@code 'KEY' ...}. */
    PackageException fail(String path, String message) {
        return new PackageException(tree.at(tree.value(pointer + "/" + path), "'" + name(path) + "' " + message));
    }

    /** A one-line failure about the metadata as a whole. */
    PackageException fail(String message) {
        return new PackageException(tree.at(tree.value(pointer), message));
    }

    /** The node at {@code path} (relative to the metadata); a missing node when absent. */
    JsonNode at(String path) {
        return root.at("/" + path);
    }

    /** Whether the metadata holds a present, non-null value at {@code path}. */
    boolean has(String path) {
        JsonNode n = at(path);
        return !n.isMissingNode() && !n.isNull();
    }

    /** The string at {@code path}, or null when absent or null. */
    String text(String path) throws PackageException {
        JsonNode n = at(path);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw fail(path, "must be a string, got " + ManifestValidator.typeName(n));
        }
        return n.asText();
    }

    /** The list at {@code path}; an empty node when absent or null. */
    JsonNode list(String path) throws PackageException {
        JsonNode n = at(path);
        if (n.isMissingNode() || n.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!n.isArray()) {
            throw fail(path, "must be a list, got " + ManifestValidator.typeName(n));
        }
        return n;
    }

    /** The non-negative int at {@code path}, or {@code absent} when it is not there. */
    long count(String path, long absent, long max) throws PackageException {
        JsonNode n = at(path);
        if (n.isMissingNode() || n.isNull()) {
            return absent;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > max) {
            throw fail(path, "must be an integer from 0 to " + max + ", got " + n);
        }
        return n.longValue();
    }

    /** The boolean at {@code path}, or {@code absent}. */
    boolean bool(String path, boolean absent) throws PackageException {
        JsonNode n = at(path);
        if (n.isMissingNode() || n.isNull()) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw fail(path, "must be true or false, got " + n);
        }
        return n.booleanValue();
    }
}
