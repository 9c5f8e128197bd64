package dev.ecli.runner.sink;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sink URI taken apart: {@code SCHEME://SERVER[,SERVER...]/PATH[?NAME=VALUE&...]}. Parsed by
 * hand rather than with {@link java.net.URI}, which cannot hold a list of servers.
 *
 * @param scheme  lower case, e.g. {@code kafka}
 * @param servers {@code HOST:PORT} each, the host as written (IPv6 in brackets)
 * @param path    what follows the first {@code /} after the servers, decoded; may be empty
 * @param query   parameters in order of appearance, decoded
 */
public record SinkUri(String scheme, List<Server> servers, String path, Map<String, String> query) {
    /** One {@code HOST:PORT}. */
    public record Server(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public SinkUri {
        servers = List.copyOf(servers);
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /**
     * Parses {@code text}.
     * @throws SinkUriException when it has no scheme, a server is not {@code HOST:PORT}, or a
     *                          parameter is repeated
     */
    public static SinkUri parse(String text) throws SinkUriException {
        int colon = text.indexOf("://");
        if (colon <= 0) {
            throw new SinkUriException("not a sink URI (SCHEME://HOST:PORT/...)");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new SinkUriException("bad scheme '" + text.substring(0, colon) + "'");
        }
        String rest = text.substring(colon + 3);
        String queryText = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            queryText = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : decode(rest.substring(slash + 1));
        List<Server> servers = new ArrayList<>();
        for (String s : authority.split(",", -1)) {
            servers.add(server(s));
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (!queryText.isEmpty()) {
            for (String pair : queryText.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (name.isEmpty()) {
                    throw new SinkUriException("empty parameter name in '" + queryText + "'");
                }
                if (query.put(name, value) != null) {
                    throw new SinkUriException("parameter '" + name + "' given twice");
                }
            }
        }
        return new SinkUri(scheme, servers, path, query);
    }

    private static Server server(String s) throws SinkUriException {
        if (s.isEmpty()) {
            throw new SinkUriException("missing server (HOST:PORT)");
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0 || end + 1 >= s.length() || s.charAt(end + 1) != ':') {
                throw new SinkUriException("server '" + s + "' is not [IPV6]:PORT");
            }
            host = s.substring(0, end + 1);
            port = s.substring(end + 2);
        } else {
            int c = s.lastIndexOf(':');
            if (c < 0) {
                throw new SinkUriException("server '" + s + "' has no port (HOST:PORT)");
            }
            host = s.substring(0, c);
            port = s.substring(c + 1);
            if (host.contains(":")) {
                throw new SinkUriException("server '" + s + "': write an IPv6 address in brackets, [ADDRESS]:PORT");
            }
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new SinkUriException("server '" + s + "' has no host");
        }
        if (!host.matches("\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+")) {
            throw new SinkUriException("server '" + s + "': bad host '" + host + "'");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new SinkUriException("server '" + s + "': port must be 1-65535, got '" + port + "'");
        }
        return new Server(host, p);
    }

    private static String decode(String s) throws SinkUriException {
        try {
            // '+' stays a plus: these are not form fields.
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SinkUriException("bad %-escape in '" + s + "'");
        }
    }

    /** The servers as a comma-separated list, e.g. for a client's bootstrap setting. */
    public String serverList() {
        return String.join(",", servers.stream().map(Server::toString).toList());
    }
}
