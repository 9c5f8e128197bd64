package dev.ecli.runner.metrics;

/**
 * Where the metrics endpoint listens: {@code :PORT} (every interface), {@code HOST:PORT}, or
 * {@code [V6]:PORT}.
 *
 * @param host the host or address to bind, or null for every interface
 * @param port the TCP port (1 to 65535)
 */
public record ListenAddress(String host, int port) {
    /**
     * Parses {@code :PORT}, {@code HOST:PORT} or {@code [V6ADDR]:PORT}.
     * @throws IllegalArgumentException with a message for people
     */
    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT or :PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number from 1 to 65535");
        }
        return new ListenAddress(host.isEmpty() ? null : host, port);
    }

    @Override
    public String toString() {
        return (host == null ? "" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
