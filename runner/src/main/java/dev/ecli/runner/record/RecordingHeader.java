package dev.ecli.runner.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recording says about where its records came from, so that it stands alone: the package's
 * manifest and object as they were (eunomia's package.json carries its object inside), the
 * parameter values of the run, the streams and the machine.
 *
 * @param createdNanos  when recording began, ns since the epoch
 * @param host          the machine's name
 * @param kernel        its kernel release ({@code uname -r})
 * @param manifestName  the manifest's file name ({@code package.yaml}, {@code package.json})
 * @param manifest      the manifest file's bytes
 * @param objectName    the object's file name; null when the manifest carries the object
 * @param object        the object file's bytes; null when the manifest carries it
 * @param params        the package parameters given on the command line, as given
 * @param streams       the exported maps, in stream-index order
 */
public record RecordingHeader(long createdNanos, String host, String kernel, String manifestName, byte[] manifest,
                              String objectName, byte[] object, Map<String, String> params, List<Stream> streams) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The version of the header's JSON; readers refuse a newer one. */
    static final int FORMAT = 1;

    public RecordingHeader {
        params = Map.copyOf(params);
        streams = List.copyOf(streams);
    }

    /**
     * One exported map.
     *
     * @param map    the map's name
     * @param struct the C type its records hold
     * @param size   the type's size in bytes
     */
    public record Stream(String map, String struct, int size) {}

    /**
     * Whether {@code other} records the same package, parameters and streams (the files of one
     * rotated recording do), so that one plan decodes both.
     */
    public boolean samePackage(RecordingHeader other) {
        return manifestName.equals(other.manifestName) && java.util.Arrays.equals(manifest, other.manifest)
                && java.util.Objects.equals(objectName, other.objectName) && java.util.Arrays.equals(object, other.object)
                && params.equals(other.params) && streams.equals(other.streams);
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("created_ns", createdNanos).put("host", host).put("kernel", kernel);
        ObjectNode pkg = root.putObject("package");
        pkg.put("manifest_name", manifestName).put("manifest", Base64.getEncoder().encodeToString(manifest));
        if (object != null) {
            pkg.put("object_name", objectName).put("object", Base64.getEncoder().encodeToString(object));
        }
        ObjectNode p = root.putObject("params");
        params.forEach(p::put);
        ArrayNode s = root.putArray("streams");
        streams.forEach(st -> s.addObject().put("map", st.map()).put("struct", st.struct()).put("size", st.size()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    /** Reads the header frame's JSON; {@code where} prefixes the message of what it lacks. */
    static RecordingHeader fromJson(byte[] json, String where) throws RecordingException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RecordingException(where + ": the header is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RecordingException(where + ": the header is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RecordingException(where + ": the header is not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new RecordingException(where + ": header format " + root.path("format")
                    + ", this ecli-java reads format " + FORMAT);
        }
        JsonNode pkg = root.path("package");
        byte[] manifest = base64(pkg, "manifest", where);
        if (manifest == null) {
            throw new RecordingException(where + ": the header has no package.manifest");
        }
        String manifestName = pkg.path("manifest_name").asText("");
        if (!manifestName.matches("package\\.(yaml|yml|json)")) {
            throw new RecordingException(where + ": package.manifest_name must be package.yaml, .yml or .json, got '"
                    + manifestName + "'");
        }
        byte[] object = base64(pkg, "object", where);
        String objectName = pkg.path("object_name").asText(null);
        if (object != null && (objectName == null || !objectName.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"))) {
            throw new RecordingException(where + ": package.object_name must be a plain file name, got '"
                    + objectName + "'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        root.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        List<Stream> streams = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            streams.add(new Stream(s.path("map").asText(), s.path("struct").asText(), s.path("size").asInt()));
        }
        if (streams.isEmpty()) {
            throw new RecordingException(where + ": the header names no streams");
        }
        return new RecordingHeader(root.path("created_ns").asLong(), root.path("host").asText(""),
                root.path("kernel").asText(""), manifestName, manifest, objectName, object, params, streams);
    }

    private static byte[] base64(JsonNode pkg, String key, String where) throws RecordingException {
        JsonNode v = pkg.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw new RecordingException(where + ": package." + key + " is not base64");
        }
    }
}
