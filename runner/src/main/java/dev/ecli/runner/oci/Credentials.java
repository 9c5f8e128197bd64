package dev.ecli.runner.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.elf.BoundedFile;
import dev.ecli.runner.pkg.FetchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Registry credentials from the files {@code docker login} and {@code podman login} write: the
 * {@code auths} of {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
 * {@code ~/.config/containers/auth.json}, {@code $DOCKER_CONFIG/config.json} and
 * {@code ~/.docker/config.json}, the first file with an entry for the registry winning. An entry
 * holds {@code auth} (base64 of {@code user:password}) or an {@code identitytoken} (an OAuth2
 * refresh token for the registry's token service). Credential helpers ({@code credsStore},
 * {@code credHelpers}) are not run.
 *
 * @param user          the user name, or null with an identity token only
 * @param password      the password, or null
 * @param identityToken the refresh token, or null
 * @param source        the file the entry came from
 */
public record Credentials(String user, String password, String identityToken, Path source) {
    /** The credentials for {@code registry} (HOST[:PORT]) in this process's environment, or null. */
    public static Credentials find(String registry) throws FetchException {
        return find(registry, System::getenv, Path.of(System.getProperty("user.home", "/")));
    }

    /**
     * The credentials for {@code registry}, looking in the files named by {@code env} and under
     * {@code home}, or null when none has an entry.
     *
     * @throws FetchException when an entry is there but unreadable (bad base64, no colon)
     */
    public static Credentials find(String registry, Function<String, String> env, Path home) throws FetchException {
        for (Path file : files(env, home)) {
            JsonNode auths = auths(file);
            if (auths == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (hostOf(e.getKey()).equals(registry.toLowerCase(Locale.ROOT))) {
                    return entry(e.getValue(), file, registry);
                }
            }
        }
        return null;
    }

    private static List<Path> files(Function<String, String> env, Path home) {
        List<Path> out = new ArrayList<>();
        String authFile = env.apply("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) {
            out.add(Path.of(authFile));
        }
        String runtime = env.apply("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            out.add(Path.of(runtime, "containers", "auth.json"));
        }
        out.add(home.resolve(".config/containers/auth.json"));
        String docker = env.apply("DOCKER_CONFIG");
        if (docker != null && !docker.isBlank()) {
            out.add(Path.of(docker, "config.json"));
        }
        out.add(home.resolve(".docker/config.json"));
        return out;
    }

    /** docker's and podman's files are a few KiB; a larger one is not read. */
    private static final long MAX_CONFIG_BYTES = 4L << 20;

    private static JsonNode auths(Path file) throws FetchException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode auths = new ObjectMapper().readTree(BoundedFile.read(file, MAX_CONFIG_BYTES)).get("auths");
            return auths != null && auths.isObject() ? auths : null;
        } catch (IOException e) {
            throw new FetchException("cannot read registry credentials " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** {@code https://host:port/v1/} and {@code host:port/namespace} both name {@code host:port}. */
    static String hostOf(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        return slash < 0 ? k : k.substring(0, slash);
    }

    private static Credentials entry(JsonNode e, Path file, String registry) throws FetchException {
        String token = text(e, "identitytoken");
        String auth = text(e, "auth");
        if (auth == null || auth.isEmpty()) {
            String user = text(e, "username");
            String password = text(e, "password");
            if (user == null && token == null) {
                return null;
            }
            return new Credentials(user, password, token, file);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            throw new FetchException("credentials for " + registry + " in " + file + ": auth is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new FetchException("credentials for " + registry + " in " + file
                    + ": auth is not base64 of user:password");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), token, file);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The {@code Authorization} value for HTTP basic authentication, or null without a password. */
    String basic() {
        if (user == null || password == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + user + " from " + source + "]";
    }
}
