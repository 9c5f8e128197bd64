package dev.ecli.runner.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A reference to a package in an OCI distribution registry, {@code HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX]}.
 * The host is never implied (no default registry).
 *
 * @param registry   {@code HOST[:PORT]}, as given
 * @param repository the repository path, e.g. {@code team/mytool}
 * @param tag        the tag, or null (with no digest either, {@code latest})
 * @param digest     {@code sha256:HEX}, or null
 */
public record Reference(String registry, String repository, String tag, String digest) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException with a one-line message saying what part is wrong
     */
    public static Reference parse(String s) {
        int slash = s.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("'" + s + "' is not a reference HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX]");
        }
        String registry = s.substring(0, slash);
        if (!HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("'" + registry + "' in " + s + " is not a registry host[:port]");
        }
        String rest = s.substring(slash + 1);
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!Digests.isSha256(digest)) {
                throw new IllegalArgumentException("'" + digest + "' in " + s + " is not a digest sha256:<64 hex digits>");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && rest.indexOf('/', colon) < 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + tag + "' in " + s + " is not a tag ([A-Za-z0-9_.-], at most 128)");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(s + " names no repository after the registry");
        }
        for (String c : rest.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException("'" + rest + "' in " + s
                        + " is not a repository: lowercase letters, digits and . _ - between slashes");
            }
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new Reference(registry, rest, tag, digest);
    }

    /** The tag or digest a manifest is asked for by: the digest when there is one. */
    public String manifestKey() {
        return digest != null ? digest : tag;
    }

    /** The same repository at {@code newDigest}, the tag kept for display. */
    public Reference withDigest(String newDigest) {
        return new Reference(registry, repository, tag, newDigest);
    }

    /** The host without its port, lowercase. */
    public String host() {
        String r = registry.toLowerCase(Locale.ROOT);
        if (r.startsWith("[")) {
            return r.substring(1, r.indexOf(']'));
        }
        int c = r.lastIndexOf(':');
        return c < 0 ? r : r.substring(0, c);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
