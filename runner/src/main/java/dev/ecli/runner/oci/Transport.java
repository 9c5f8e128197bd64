package dev.ecli.runner.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.pkg.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry (or one URL's server) over {@link HttpClient}: answers a 401 by the
 * challenge's scheme (a bearer token from the token service, or basic credentials) and retries
 * once; follows redirects itself so that the registry's {@code Authorization} never goes to
 * another host (blob storage behind a redirect refuses it); turns connection failures into one
 * line. Every wait is bounded: 10 s to connect, {@link #REQUEST_TIMEOUT} for the headers, then
 * the body must keep coming ({@link BodyDeadline}: no byte for that long, or not all of it within
 * {@link #BODY_TIMEOUT}, ends it); a token reply is read up to {@link #MAX_TOKEN_BYTES}. The
 * system properties {@code ecli.http.timeoutMillis} and {@code ecli.http.bodyMillis} shorten the
 * two (tests, scripts/adversarial.sh). Not thread-safe.
 */
final class Transport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The wait for a response's headers, and for each next byte of its body. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(Long.getLong("ecli.http.timeoutMillis", 60_000));
    /** The longest a whole body may take (64 MiB at about 110 KiB/s). */
    static final Duration BODY_TIMEOUT = Duration.ofMillis(Long.getLong("ecli.http.bodyMillis", 600_000));
    /** A token service's reply is a short JSON object; more than this is refused. */
    static final long MAX_TOKEN_BYTES = 1 << 20;
    private static final int MAX_REDIRECTS = 5;

    /** A response whose body the caller reads and closes. */
    record Response(int status, HttpHeaders headers, InputStream body, URI uri) implements AutoCloseable {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // Nothing left to read.
            }
        }
    }

    private final HttpClient http;
    private final Duration wait;
    private final Duration body;
    private final String label;
    private final Credentials credentials;
    private String authorization;

    /**
     * @param label       how messages name the server, e.g. {@code registry 127.0.0.1:5000}
     * @param credentials for 401 challenges, or null
     */
    Transport(String label, Credentials credentials) {
        this(label, credentials, REQUEST_TIMEOUT, BODY_TIMEOUT);
    }

    /** As {@link #Transport(String, Credentials)}, with other limits for the headers and body (tests). */
    Transport(String label, Credentials credentials, Duration wait, Duration body) {
        this.wait = wait;
        this.body = body;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.label = label;
        this.credentials = credentials;
    }

    /** Sends a request, authenticating once on a 401 and following redirects. */
    Response send(String method, URI uri, Map<String, String> headers, byte[] body) throws FetchException {
        Response r = sendFollowing(method, uri, headers, body);
        if (r.status() == 401 && authenticate(r)) {
            r.close();
            r = sendFollowing(method, uri, headers, body);
        }
        return r;
    }

    private Response sendFollowing(String method, URI uri, Map<String, String> headers, byte[] body)
            throws FetchException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            boolean sameServer = sameServer(uri, current);
            Response r = once(method, current, headers, body, sameServer);
            int s = r.status();
            if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308 || !(method.equals("GET")
                    || method.equals("HEAD"))) {
                return r;
            }
            String location = r.header("Location");
            r.close();
            if (location == null || hop >= MAX_REDIRECTS) {
                throw new FetchException(label + ": " + (location == null ? "redirect without a Location"
                        : "more than " + MAX_REDIRECTS + " redirects") + " for " + uri.getPath());
            }
            URI next;
            try {
                next = current.resolve(location);
            } catch (IllegalArgumentException e) {
                throw new FetchException(label + ": a redirect to a malformed Location for " + uri.getPath());
            }
            if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())
                    || next.getHost() == null) {
                throw new FetchException(label + ": refusing a redirect to " + (next.getScheme() == null
                        ? "a URL with no scheme" : next.getScheme() + ":") + " for " + uri.getPath()
                        + " (only http and https are followed)");
            }
            if ("https".equals(current.getScheme()) && !"https".equals(next.getScheme())) {
                throw new FetchException(label + ": refusing a redirect from https to " + next.getScheme()
                        + " for " + uri.getPath());
            }
            current = next;
        }
    }

    private static boolean sameServer(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    private Response once(String method, URI uri, Map<String, String> headers, byte[] body, boolean withAuth)
            throws FetchException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(wait)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        if (withAuth && authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Response(r.statusCode(), r.headers(), bounded(r.body()), uri);
        } catch (HttpTimeoutException e) {
            throw new FetchException(label + " did not answer within " + BodyDeadline.seconds(wait.toNanos()), e);
        } catch (ConnectException e) {
            throw new FetchException("cannot reach " + label + " (" + uri.getScheme() + "://" + uri.getAuthority()
                    + "): connection refused", e);
        } catch (SSLException e) {
            throw new FetchException("TLS with " + label + " failed: " + e.getMessage()
                    + "; a registry serving plain HTTP needs --insecure", e);
        } catch (IOException e) {
            throw new FetchException("cannot reach " + label + " (" + uri.getScheme() + "://" + uri.getAuthority()
                    + "): " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while talking to " + label, e);
        }
    }

    private InputStream bounded(InputStream in) {
        return new BodyDeadline(in, wait.toMillis(), body.toMillis());
    }

    private static String describe(IOException e) {
        Throwable c = e;
        while (c.getCause() != null && (c.getMessage() == null || c.getMessage().isBlank())) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Sets {@link #authorization} from a 401's challenge; false when there is nothing to try. */
    private boolean authenticate(Response unauthorized) throws FetchException {
        Challenge c = Challenge.parse(unauthorized.header("WWW-Authenticate"));
        if (c == null) {
            return false;
        }
        if (c.scheme().equals("basic")) {
            String basic = credentials == null ? null : credentials.basic();
            if (basic == null || basic.equals(authorization)) {
                return false;
            }
            authorization = basic;
            return true;
        }
        if (!c.scheme().equals("bearer") || c.param("realm") == null) {
            return false;
        }
        String token = token(c);
        if (token == null || ("Bearer " + token).equals(authorization)) {
            return false;
        }
        authorization = "Bearer " + token;
        return true;
    }

    /** A token from the challenge's realm: with basic credentials, an identity token, or anonymously. */
    private String token(Challenge c) throws FetchException {
        URI realm;
        try {
            realm = URI.create(c.param("realm"));
        } catch (IllegalArgumentException e) {
            throw new FetchException(label + ": its token realm '" + c.param("realm") + "' is not a URL");
        }
        if (realm.getScheme() == null || !realm.getScheme().startsWith("http")) {
            throw new FetchException(label + ": its token realm '" + c.param("realm") + "' is not an http(s) URL");
        }
        StringBuilder q = new StringBuilder();
        param(q, "service", c.param("service"));
        param(q, "scope", c.param("scope"));
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(wait);
        if (credentials != null && credentials.identityToken() != null) {
            StringBuilder form = new StringBuilder(q);
            param(form, "grant_type", "refresh_token");
            param(form, "refresh_token", credentials.identityToken());
            param(form, "client_id", "ecli-java");
            b.uri(realm).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        } else {
            String sep = realm.getRawQuery() == null ? "?" : "&";
            b.uri(URI.create(realm + (q.isEmpty() ? "" : sep + q))).GET();
            String basic = credentials == null ? null : credentials.basic();
            if (basic != null) {
                b.header("Authorization", basic);
            }
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new FetchException("cannot reach the token service of " + label + " (" + realm.getAuthority()
                    + "): " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while talking to " + label, e);
        }
        String service = "the token service of " + label;
        try (InputStream in = bounded(r.body())) {
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                return null;
            }
            if (r.statusCode() != 200) {
                throw new FetchException(service + " answered " + r.statusCode());
            }
            byte[] reply = readAtMost(in, MAX_TOKEN_BYTES, "the reply of " + service);
            JsonNode n = new ObjectMapper().readTree(reply);
            JsonNode t = n.hasNonNull("token") ? n.get("token") : n.get("access_token");
            return t != null && t.isTextual() ? t.asText() : null;
        } catch (JsonProcessingException e) {
            throw new FetchException(service + " answered with something not JSON", e);
        } catch (IOException e) {
            throw new FetchException("reading the reply of " + service + ": " + describe(e), e);
        }
    }

    /**
     * The rest of a body, at most {@code limit} bytes.
     *
     * @throws FetchException more than {@code limit} bytes came
     * @throws IOException    the body stalled ({@link BodyDeadline.Expired}) or the connection failed
     */
    static byte[] readAtMost(InputStream in, long limit, String what) throws FetchException, IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (b.length > limit) {
            throw new FetchException(what + " is larger than " + (limit >= 1 << 20 ? (limit >> 20) + " MiB"
                    : (limit >> 10) + " KiB") + "; not reading more");
        }
        return b;
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value == null) {
            return;
        }
        if (!q.isEmpty()) {
            q.append('&');
        }
        q.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** Whether credentials were offered (for messages about a final 401). */
    boolean hasCredentials() {
        return credentials != null;
    }

    String label() {
        return label;
    }
}
