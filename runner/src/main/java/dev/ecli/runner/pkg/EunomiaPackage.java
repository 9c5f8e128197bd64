package dev.ecli.runner.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads an eunomia {@code package.json}: the object inline as base64 of zlib-compressed ELF
 * ({@code bpf_object}), its size before compression ({@code bpf_object_size}) and metadata
 * ({@code meta.bpf_skel.obj_name}, {@code meta.export_types}). The manifest's exports stay empty:
 * eunomia does not say which map carries which struct, so the runner applies its convention.
 */
final class EunomiaPackage {
    /** Larger than any real BPF object; bounds what a hostile size field can make us allocate. */
    static final int MAX_OBJECT_BYTES = 64 << 20;

    private EunomiaPackage() {}

    /**
     * Whether this manifest tree is in eunomia's format rather than ours. {@code bpf_object} alone
     * decides: our schema has no such key, and a missing size or meta is then worded for eunomia.
     */
    static boolean detect(JsonNode root) {
        return root.isObject() && root.has("bpf_object");
    }

    static PackageSpec load(LocatedTree tree, Path manifestPath) throws PackageException {
        JsonNode root = tree.root;
        JsonNode data = root.get("bpf_object");
        if (!data.isTextual()) {
            throw fail(tree, "/bpf_object", "'bpf_object' must be a base64 string, got "
                    + ManifestValidator.typeName(data));
        }
        JsonNode sizeNode = root.get("bpf_object_size");
        if (sizeNode == null) {
            throw new PackageException(tree.at(null, "eunomia package without 'bpf_object_size'"));
        }
        if (!sizeNode.canConvertToInt() || !sizeNode.isIntegralNumber() || sizeNode.intValue() <= 0
                || sizeNode.intValue() > MAX_OBJECT_BYTES) {
            throw fail(tree, "/bpf_object_size", "'bpf_object_size' must be an integer from 1 to "
                    + MAX_OBJECT_BYTES + ", got " + sizeNode);
        }
        String objName = text(root, "meta", "bpf_skel", "obj_name");
        if (objName == null) {
            throw fail(tree, "/meta", "eunomia package without 'meta.bpf_skel.obj_name'");
        }
        if (!objName.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
            throw fail(tree, "/meta/bpf_skel/obj_name", "'meta.bpf_skel.obj_name' must be a plain name, got '"
                    + objName + "'");
        }
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw fail(tree, "/bpf_object", "'bpf_object' is not valid base64: " + e.getMessage());
        }
        byte[] elf = inflate(tree, compressed, sizeNode.intValue());
        if (elf.length < 4 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw fail(tree, "/bpf_object", "'bpf_object' does not hold an ELF object");
        }
        List<EunomiaExportType> types = exportTypes(tree);
        String description = text(root, "meta", "doc", "brief");
        Manifest manifest = new Manifest(objName, description, objName + ".bpf.o", List.of());
        return new PackageSpec(manifest, manifestPath, null, elf, objName + ".bpf.o", PackageSpec.Kind.EUNOMIA,
                types);
    }

    /** {@code meta.export_types}: names are required, the rest is kept when present. */
    private static List<EunomiaExportType> exportTypes(LocatedTree tree) throws PackageException {
        String at = "/meta/export_types";
        JsonNode list = tree.root.path("meta").path("export_types");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw fail(tree, at, "'meta.export_types' must be a list, got " + ManifestValidator.typeName(list));
        }
        List<EunomiaExportType> types = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String here = at + "/" + i;
            String where = "'meta.export_types[" + i + "]";
            JsonNode t = list.get(i);
            if (!t.isObject()) {
                throw fail(tree, here, where + "' must be a mapping, got " + ManifestValidator.typeName(t));
            }
            if (!t.path("name").isTextual() || t.get("name").asText().isEmpty()) {
                throw fail(tree, here, where + ".name' must be a non-empty string");
            }
            List<EunomiaExportType.Member> members = new ArrayList<>();
            JsonNode ms = t.path("members");
            if (!ms.isMissingNode() && !ms.isArray()) {
                throw fail(tree, here + "/members", where + ".members' must be a list, got "
                        + ManifestValidator.typeName(ms));
            }
            for (int j = 0; j < ms.size(); j++) {
                JsonNode m = ms.get(j);
                if (!m.isObject() || !m.path("name").isTextual()) {
                    throw fail(tree, here + "/members/" + j, where + ".members[" + j + "]' must be a mapping"
                            + " with a string 'name'");
                }
                members.add(new EunomiaExportType.Member(m.get("name").asText(),
                        m.path("type").isTextual() ? m.get("type").asText() : null));
            }
            types.add(new EunomiaExportType(t.get("name").asText(), members, count(tree, t, here, "size", where),
                    count(tree, t, here, "type_id", where)));
        }
        return types;
    }

    /** A non-negative int member, or -1 when absent. */
    private static int count(LocatedTree tree, JsonNode owner, String pointer, String key, String where)
            throws PackageException {
        JsonNode n = owner.get(key);
        if (n == null || n.isNull()) {
            return -1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
            throw fail(tree, pointer + "/" + key, where + "." + key + "' must be a non-negative integer, got " + n);
        }
        return n.intValue();
    }

    /** Inflates exactly {@code size} bytes, refusing more (zip bombs) or less (truncation). */
    private static byte[] inflate(LocatedTree tree, byte[] compressed, int size) throws PackageException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[size];
            int n = 0;
            while (n < size) {
                int k = inflater.inflate(out, n, size - n);
                if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n < size) {
                throw fail(tree, "/bpf_object", "'bpf_object' inflates to " + n + " bytes"
                        + (inflater.finished() ? "" : " before its data ends") + ", but 'bpf_object_size' says " + size);
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw fail(tree, "/bpf_object", "'bpf_object' inflates to more than 'bpf_object_size' ("
                        + size + " bytes)");
            }
            return out;
        } catch (DataFormatException e) {
            throw fail(tree, "/bpf_object", "'bpf_object' is not zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static String text(JsonNode n, String... path) {
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static PackageException fail(LocatedTree tree, String pointer, String message) {
        return new PackageException(tree.at(tree.value(pointer), message));
    }
}
