package dev.ecli.runner.resolve;

import java.util.Locale;

/**
 * The shape of a PACKAGE argument: an http(s) URL, or an OCI reference whose first component is
 * a registry host ({@code example.com/...}, {@code host:5000/...}, {@code localhost/...}) rather
 * than a directory. Only the text is looked at; nothing of the registry code is loaded.
 */
public final class PackageRefs {
    private PackageRefs() {}

    /** Whether {@code arg} is a URL or has the shape of a reference. */
    public static boolean isRemote(String arg) {
        return isUrl(arg) || looksLikeReference(arg);
    }

    /** Whether {@code arg} is an http or https URL. */
    public static boolean isUrl(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        return a.startsWith("https://") || a.startsWith("http://");
    }

    /** Whether {@code s}'s first component names a registry host. */
    public static boolean looksLikeReference(String s) {
        int slash = s.indexOf('/');
        if (slash <= 0 || s.startsWith(".") || s.contains("//")) {
            return false;
        }
        String first = s.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }
}
