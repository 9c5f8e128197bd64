package dev.ecli.runner.pkg.eunomia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.runner.objinfo.ObjectException;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.EunomiaExportType;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackagePaths;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.manifest.LocatedTree;
import dev.ecli.runner.pkg.manifest.ManifestValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads an eunomia {@code package.json}: the object inline as base64 of zlib-compressed ELF
 * ({@code bpf_object}), its size before compression ({@code bpf_object_size}; absent in the
 * generation whose {@code export_types} is an {@code export_btf} mapping) and metadata
 * ({@code meta}), or a {@code *.skel.json} (the metadata alone) beside its {@code .bpf.o}; the
 * metadata becomes our manifest through {@link EunomiaManifest}.
 */
public final class EunomiaPackage {
    /** Larger than any real BPF object; bounds what a hostile size field can make us allocate. */
    static final int MAX_OBJECT_BYTES = 64 << 20;

    private EunomiaPackage() {}

    /**
     * Loads an eunomia {@code package.json} (see {@link dev.ecli.runner.pkg.manifest.DocumentKind}),
     * its object inline: decoded, parsed once and kept in the spec.
     * @throws PackageException naming the place in the file at fault
     */
    public static PackageSpec load(LocatedTree tree, Path manifestPath) throws PackageException {
        JsonNode root = tree.root();
        JsonNode data = root.get("bpf_object");
        if (!data.isTextual()) {
            throw fail(tree, "/bpf_object", "'bpf_object' must be a base64 string, got "
                    + ManifestValidator.typeName(data));
        }
        JsonNode sizeNode = root.get("bpf_object_size");
        // Packages of the export_btf generation give no size: inflate up to the bound.
        if (sizeNode != null && (!sizeNode.canConvertToInt() || !sizeNode.isIntegralNumber()
                || sizeNode.intValue() <= 0 || sizeNode.intValue() > MAX_OBJECT_BYTES)) {
            throw fail(tree, "/bpf_object_size", "'bpf_object_size' must be an integer from 1 to "
                    + MAX_OBJECT_BYTES + ", got " + sizeNode);
        }
        EunomiaMeta meta = new EunomiaMeta(tree, "/meta");
        String objName = objName(meta);
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw fail(tree, "/bpf_object", "'bpf_object' is not valid base64: " + e.getMessage());
        }
        byte[] elf = sizeNode == null ? inflateAll(tree, compressed) : inflate(tree, compressed, sizeNode.intValue());
        if (elf.length < 4 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw fail(tree, "/bpf_object", "'bpf_object' does not hold an ELF object");
        }
        String object = objName + ".bpf.o";
        ObjectSpec facts = objectSpec(() -> ObjectSpec.parse(object, elf));
        return finish(meta, objName, object, facts, manifestPath, null, elf);
    }

    /**
     * Loads a {@code *.skel.json}: its object is {@code NAME.bpf.o} beside it, NAME being the
     * file's own stem ({@code prog} of {@code prog.skel.json}) or, as ecc names objects,
     * {@code obj_name} without its {@code _bpf} suffix.
     */
    public static PackageSpec loadSkeleton(LocatedTree tree, Path manifestPath) throws PackageException {
        EunomiaMeta meta = new EunomiaMeta(tree, "");
        String objName = objName(meta);
        Path dir = manifestPath.toAbsolutePath().getParent();
        String file = manifestPath.getFileName().toString();
        java.util.LinkedHashSet<String> candidates = new java.util.LinkedHashSet<>();
        candidates.add(file.replaceFirst("(\\.skel)?\\.json$", "") + ".bpf.o");
        candidates.add(objName.replaceFirst("_bpf$", "") + ".bpf.o");
        candidates.add(objName + ".bpf.o");
        Path object = null;
        for (String c : candidates) {
            if (Files.isRegularFile(dir.resolve(c))) {
                try {
                    object = PackagePaths.inside(dir, c);
                } catch (PackagePaths.Refused r) {
                    throw new PackageException(tree.at(null, "object " + c + " " + r.getMessage()));
                }
                break;
            }
        }
        if (object == null) {
            throw new PackageException(tree.at(null, "an eunomia skeleton without its object: none of "
                    + String.join(", ", candidates) + " is beside it in " + dir));
        }
        Path found = object;
        String objectName = object.getFileName().toString();
        ObjectSpec facts = objectSpec(() -> ObjectSpec.read(found, objectName));
        return finish(meta, objName, objectName, facts, manifestPath, object, null);
    }

    /**
     * The layouts the metadata gives apart from the object's BTF ({@code export_btf},
     * {@code custom_members}) added to it, then the manifest made from both.
     */
    private static PackageSpec finish(EunomiaMeta meta, String objName, String objectName, ObjectSpec facts,
                                      Path manifestPath, Path objectPath, byte[] elf) throws PackageException {
        EunomiaLayouts layouts = new EunomiaLayouts(facts.btf());
        List<EunomiaExportType> types = meta.at("export_types").isObject() ? EunomiaExportBtf.types(meta, layouts)
                : exportTypes(meta);
        Map<String, EunomiaTypes.Resolved> custom = EunomiaCustomMembers.layouts(meta, layouts, facts);
        ObjectSpec spec = facts.withBtf(layouts.btf());
        for (int i = 0; i < types.size(); i++) {
            String outside = types.get(i).typeId() < facts.btf().typeCount() ? null
                    : EunomiaLayouts.memberOutside(spec.btf(), types.get(i).typeId());
            if (outside != null) {
                throw meta.fail("export_types/structs/" + i, "is struct " + types.get(i).name() + ", whose " + outside);
            }
        }
        Manifest manifest = EunomiaManifest.translate(meta, objName, objectName, spec, types, custom);
        return new PackageSpec(manifest, manifestPath, objectPath, elf, objectName, PackageSpec.Kind.EUNOMIA, types,
                spec);
    }

    private static String objName(EunomiaMeta meta) throws PackageException {
        String objName = meta.text("bpf_skel/obj_name");
        if (objName == null) {
            throw meta.fail("eunomia package without '" + meta.name("bpf_skel/obj_name") + "'");
        }
        if (!objName.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
            throw meta.fail("bpf_skel/obj_name", "must be a plain name, got '" + objName + "'");
        }
        return objName;
    }

    private interface ObjectSource {
        ObjectSpec read() throws ObjectException;
    }

    /** The object, read once: the manifest is made from it and the run uses it again. */
    private static ObjectSpec objectSpec(ObjectSource source) throws PackageException {
        try {
            return source.read();
        } catch (ObjectException e) {
            throw new PackageException(e.getMessage(), e);
        }
    }

    /** {@code meta.export_types}: names are required, the rest is kept when present. */
    private static List<EunomiaExportType> exportTypes(EunomiaMeta meta) throws PackageException {
        JsonNode list = meta.list("export_types");
        List<EunomiaExportType> types = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String here = "export_types/" + i;
            JsonNode t = list.get(i);
            if (!t.isObject()) {
                throw meta.fail(here, "must be a mapping, got " + ManifestValidator.typeName(t));
            }
            String name = meta.text(here + "/name");
            if (name == null || name.isEmpty()) {
                throw meta.fail(here + "/name", "must be a non-empty string");
            }
            List<EunomiaExportType.Member> members = new ArrayList<>();
            JsonNode ms = meta.list(here + "/members");
            for (int j = 0; j < ms.size(); j++) {
                JsonNode m = ms.get(j);
                if (!m.isObject() || !m.path("name").isTextual()) {
                    throw meta.fail(here + "/members/" + j, "must be a mapping with a string 'name'");
                }
                members.add(new EunomiaExportType.Member(m.get("name").asText(),
                        m.path("type").isTextual() ? m.get("type").asText() : null));
            }
            types.add(new EunomiaExportType(name, members, (int) meta.count(here + "/size", -1, Integer.MAX_VALUE),
                    (int) meta.count(here + "/type_id", -1, Integer.MAX_VALUE)));
        }
        return types;
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

    /** Inflates a stream of unknown size, refusing more than {@link #MAX_OBJECT_BYTES}. */
    private static byte[] inflateAll(LocatedTree tree, byte[] compressed) throws PackageException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[64 << 10];
            while (!inflater.finished()) {
                int k = inflater.inflate(buf);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw fail(tree, "/bpf_object", "'bpf_object' is cut short: its zlib data ends early");
                }
                out.write(buf, 0, k);
                if (out.size() > MAX_OBJECT_BYTES) {
                    throw fail(tree, "/bpf_object", "'bpf_object' inflates to more than " + MAX_OBJECT_BYTES
                            + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw fail(tree, "/bpf_object", "'bpf_object' is not zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static PackageException fail(LocatedTree tree, String pointer, String message) {
        return new PackageException(tree.at(tree.value(pointer), message));
    }
}
