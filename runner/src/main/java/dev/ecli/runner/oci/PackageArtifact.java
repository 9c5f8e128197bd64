package dev.ecli.runner.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.elf.BoundedFile;
import dev.ecli.runner.pkg.manifest.ManifestLoader;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A package as an OCI artifact (the layout {@code docs/oci.md} documents): an OCI image manifest
 * whose config, of type {@link #CONFIG_TYPE}, is the package's manifest as JSON (its
 * {@code object} the layer's file name, its {@code sha256} the object's), and whose one layer,
 * of type {@link #OBJECT_TYPE}, is the object, titled with its file name. The manifest's
 * annotations carry the package's name, description and version and the object's sha256.
 *
 * @param manifest   the OCI manifest's bytes, as pushed and as digested
 * @param config     the config blob (the package manifest as JSON)
 * @param object     the object layer's bytes
 * @param objectName the object's file name (the layer's title)
 */
public record PackageArtifact(byte[] manifest, byte[] config, byte[] object, String objectName) {
    /** The OCI image manifest's media type. */
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    /** The config's media type: the package manifest as JSON. */
    public static final String CONFIG_TYPE = "application/vnd.ecli.package.config.v1+json";
    /** The layer's media type: a BPF ELF object. */
    public static final String OBJECT_TYPE = "application/vnd.ecli.bpf.object.v1";
    /** Annotation of the manifest: the object's hex SHA-256. */
    public static final String OBJECT_SHA256 = "dev.ecli.package.object.sha256";
    /** What a pull asks for: ours, and the kinds of manifest it recognises to refuse clearly. */
    static final String ACCEPT = String.join(", ", MANIFEST_TYPE, "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    static final String TITLE = "org.opencontainers.image.title";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,254}");
    /** Names the pulled directory gives its manifests: an object of that name would replace one. */
    private static final Set<String> RESERVED_TITLES = Stream.concat(ManifestLoader.FILE_NAMES.stream(),
            Stream.of(PackageCache.OCI_MANIFEST)).collect(Collectors.toUnmodifiableSet());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A blob a manifest names: its media type, digest, size and title (null when untitled). */
    record Descriptor(String mediaType, String digest, long size, String title) {}

    /** What a pull needs of a manifest: the config's descriptor and the object layer's. */
    record Parsed(Descriptor config, Descriptor object) {}

    /**
     * The artifact of a loaded package.
     *
     * @param tag used as the version annotation when the manifest has no {@code version}
     * @throws PackageException for an eunomia package (its object is inline: serve it by URL)
     */
    public static PackageArtifact of(PackageSpec pkg, String tag) throws PackageException {
        if (pkg.kind() != PackageSpec.Kind.MANIFEST) {
            throw new PackageException(pkg.manifestPath() + " is an eunomia package.json, which carries its"
                    + " object inline: run it by URL (ecli-java run https://.../package.json) instead of pushing it");
        }
        byte[] object;
        try {
            object = BoundedFile.read(pkg.objectPath(), RegistryClient.MAX_BLOB_BYTES);
        } catch (IOException e) {
            throw new PackageException("cannot read " + pkg.objectPath() + ": " + e.getMessage(), e);
        }
        String objectName = pkg.objectPath().getFileName().toString();
        String objectDigest = Digests.of(object);
        JsonNode tree = ManifestLoader.tree(pkg.manifestPath());
        if (!(tree instanceof ObjectNode config)) {
            throw new PackageException(pkg.manifestPath() + ": not a mapping");
        }
        config.remove("$schema");
        config.put("object", objectName);
        config.put("sha256", Digests.hex(objectDigest));
        byte[] configBytes = json(config);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", MANIFEST_TYPE);
        m.put("config", descriptor(CONFIG_TYPE, configBytes, null));
        m.put("layers", List.of(descriptor(OBJECT_TYPE, object, objectName)));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TITLE, pkg.manifest().name());
        if (pkg.manifest().description() != null) {
            annotations.put("org.opencontainers.image.description", pkg.manifest().description());
        }
        String version = pkg.manifest().version() != null ? pkg.manifest().version() : tag;
        if (version != null) {
            annotations.put("org.opencontainers.image.version", version);
        }
        annotations.put(OBJECT_SHA256, Digests.hex(objectDigest));
        m.put("annotations", annotations);
        return new PackageArtifact(json(m), configBytes, object, objectName);
    }

    private static Map<String, Object> descriptor(String type, byte[] content, String title) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", type);
        d.put("digest", Digests.of(content));
        d.put("size", content.length);
        if (title != null) {
            d.put("annotations", Map.of(TITLE, title));
        }
        return d;
    }

    private static byte[] json(Object o) throws PackageException {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new PackageException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a pulled manifest, refusing anything that is not an ecli package with a message
     * naming what it is instead.
     *
     * @param what how messages name it, e.g. the reference
     */
    static Parsed parse(RegistryClient.Fetched fetched, String what) throws PackageException {
        JsonNode m;
        try {
            m = JSON.readTree(fetched.bytes());
        } catch (IOException e) {
            throw new PackageException(what + ": the manifest is not JSON");
        }
        if (m == null || !m.isObject()) {
            throw new PackageException(what + ": the manifest is not a JSON object");
        }
        String type = m.path("mediaType").asText(fetched.mediaType());
        if (type.contains("index") || type.contains("manifest.list") || m.has("manifests")) {
            throw new PackageException(what + " is an image index (" + type + "), not an ecli package");
        }
        Descriptor config = descriptor(m.get("config"), what + ": config");
        if (!CONFIG_TYPE.equals(config.mediaType())) {
            throw new PackageException(what + " is not an ecli package: its config is " + config.mediaType()
                    + " (an ecli package's is " + CONFIG_TYPE + ")");
        }
        JsonNode layers = m.get("layers");
        List<Descriptor> objects = new ArrayList<>();
        if (layers != null && layers.isArray()) {
            for (JsonNode l : layers) {
                Descriptor d = descriptor(l, what + ": layer");
                if (!OBJECT_TYPE.equals(d.mediaType())) {
                    throw new PackageException(what + ": layer " + d.digest() + " is " + d.mediaType()
                            + ", not a BPF object (" + OBJECT_TYPE + ")");
                }
                objects.add(d);
            }
        }
        if (objects.size() != 1) {
            throw new PackageException(what + ": " + objects.size() + " object layers, an ecli package has one");
        }
        Descriptor object = objects.getFirst();
        if (object.title() == null || !FILE_NAME.matcher(object.title()).matches()) {
            throw new PackageException(what + ": layer " + object.digest() + " has "
                    + (object.title() == null ? "no title" : "title '" + object.title() + "', not a plain file name"));
        }
        if (RESERVED_TITLES.contains(object.title())) {
            throw new PackageException(what + ": its object layer " + object.digest() + " is titled '" + object.title()
                    + "', the name of the package's own manifest file; an object needs a name of its own"
                    + " (such as NAME.bpf.o)");
        }
        return new Parsed(config, object);
    }

    private static Descriptor descriptor(JsonNode d, String what) throws PackageException {
        if (d == null || !d.isObject()) {
            throw new PackageException(what + " is missing");
        }
        String digest = d.path("digest").asText("");
        if (!Digests.isSha256(digest)) {
            throw new PackageException(what + " has digest '" + digest + "', not sha256:<64 hex digits>");
        }
        JsonNode size = d.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw new PackageException(what + " " + digest + " has no valid size");
        }
        JsonNode title = d.path("annotations").get(TITLE);
        return new Descriptor(d.path("mediaType").asText(""), digest, size.asLong(),
                title != null && title.isTextual() ? title.asText() : null);
    }
}
