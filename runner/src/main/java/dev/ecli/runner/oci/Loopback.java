package dev.ecli.runner.oci;

import java.util.Locale;

/** Loopback host names and addresses, the only ones plain HTTP goes to without {@code --insecure}. */
final class Loopback {
    private Loopback() {}

    /** Whether {@code host} (no port, no brackets) is {@code localhost}, 127.0.0.0/8 or ::1, by its text alone. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
