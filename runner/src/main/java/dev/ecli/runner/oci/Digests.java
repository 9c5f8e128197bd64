package dev.ecli.runner.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as OCI writes them, {@code sha256:} and 64 lowercase hex digits. */
public final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    private Digests() {}

    /** Whether {@code s} is a well-formed {@code sha256:HEX} digest. */
    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /** A new SHA-256 message digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** {@code sha256:HEX} of {@code bytes}. */
    public static String of(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** {@code sha256:HEX} of a finished digest. */
    static String of(MessageDigest md) {
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** The hex part of {@code sha256:HEX}. */
    public static String hex(String digest) {
        return digest.substring("sha256:".length());
    }
}
