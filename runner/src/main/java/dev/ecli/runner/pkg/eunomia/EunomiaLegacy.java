package dev.ecli.runner.pkg.eunomia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectException;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.Export;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.manifest.LocatedTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads an eunomia package from before eunomia 0.3 (ecc of 2022, still what many hubs publish):
 * <pre>
 * {"name": ..., "load_ebpf_script": "", "data_sz": 30336, "data": "f0VMRg...",   (base64 ELF)
 *  "maps": [{"name": "MAP", "type": "BPF_MAP_TYPE_RINGBUF",
 *            "export_data_types": {"Struct Name": "STRUCT", "Size": 1344,          (bits)
 *              "Fields": [{"Name": "FIELD", "Type": "int", "LLVMType": "i32", "FieldOffset": 0}, ...]}}],
 *  "progs": [{"name": "PROGRAM"}]}
 * </pre>
 * As eunomia's loader of then, the first ring buffer or perf event array of {@code maps} carries
 * the records its {@code export_data_types} lays out (offsets in bits). That layout needs no BTF:
 * it is used as the object's struct of that name when the object has it with the same members at
 * the same offsets, and otherwise added as split BTF ({@link EunomiaLayouts}).
 */
public final class EunomiaLegacy {
    private EunomiaLegacy() {}

    /**
     * Loads a pre-0.3 package ({@link dev.ecli.runner.pkg.manifest.DocumentKind#EUNOMIA_LEGACY}).
     * @throws PackageException naming the key at fault and its place in the file
     */
    public static PackageSpec load(LocatedTree tree, Path manifestPath) throws PackageException {
        EunomiaMeta meta = new EunomiaMeta(tree, "");
        String data = meta.text("data");
        if (data == null) {
            throw meta.fail("data", "must be the object as a base64 string");
        }
        byte[] elf;
        try {
            elf = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw meta.fail("data", "is not valid base64: " + e.getMessage());
        }
        long size = meta.count("data_sz", -1, EunomiaPackage.MAX_OBJECT_BYTES);
        if (size >= 0 && size != elf.length) {
            throw meta.fail("data_sz", "is " + size + ", but 'data' decodes to " + elf.length + " bytes");
        }
        if (elf.length < 4 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw meta.fail("data", "does not hold an ELF object");
        }
        String name = Optional.ofNullable(meta.text("name")).orElse("package");
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
            throw meta.fail("name", "must be a plain name, got '" + name + "'");
        }
        String object = name + ".bpf.o";
        ObjectSpec facts;
        try {
            facts = ObjectSpec.parse(object, elf);
        } catch (ObjectException e) {
            throw new PackageException(e.getMessage(), e);
        }
        checkPrograms(meta, facts, object);
        EunomiaLayouts layouts = new EunomiaLayouts(facts.btf());
        List<Export> exports = new ArrayList<>();
        String exportAt = null;
        JsonNode maps = meta.list("maps");
        for (int i = 0; i < maps.size(); i++) {
            String at = "maps/" + i;
            String map = meta.text(at + "/name");
            if (map == null) {
                throw meta.fail(at + "/name", "must be the map's name");
            }
            Optional<ObjectSpec.MapDef> def = facts.map(map);
            if (def.isEmpty() || !MapType.carriesEvents(def.get().type())) {
                continue;
            }
            if (!meta.has(at + "/export_data_types")) {
                throw meta.fail(at, "names " + map + ", the first ring buffer or perf event array, which eunomia"
                        + " prints, but has no 'export_data_types' to lay its records out");
            }
            String struct = meta.text(at + "/export_data_types/Struct Name");
            exports.add(new Export(map, struct, null, null, layout(meta, at + "/export_data_types", layouts)));
            exportAt = at + "/export_data_types";
            break;
        }
        ObjectSpec spec = facts.withBtf(layouts.btf());
        if (!exports.isEmpty()) {
            checkInside(meta, exportAt, spec, exports.getFirst().typeId());
        }
        Manifest manifest = new Manifest(name, meta.text("description"), object, exports,
                EunomiaManifest.objectParams(spec), null, null, null, null, meta.text("version"), meta.text("license"),
                meta.text("url"), null, null, null, null, null);
        return new PackageSpec(manifest, manifestPath, null, elf, object, PackageSpec.Kind.EUNOMIA, List.of(), spec);
    }

    /** Every field must end inside the struct's {@code Size}: records are read no further. */
    private static void checkInside(EunomiaMeta meta, String at, ObjectSpec spec, int typeId) throws PackageException {
        Btf btf = spec.btf();
        BtfType.Composite c = (BtfType.Composite) btf.type(typeId);
        for (int i = 0; i < c.members().size(); i++) {
            BtfType.Member m = c.members().get(i);
            long end;
            try {
                end = btf.memberBitOffset(m) / 8 + btf.sizeOf(m.typeId());
            } catch (BtfFormatException | IllegalArgumentException e) {
                throw meta.fail(at + "/Fields/" + i, "is '" + m.name() + "', whose type has no size: " + e.getMessage());
            }
            if (end > c.size()) {
                throw meta.fail(at + "/Fields/" + i, "is '" + m.name() + "', which ends at byte " + end + ", past the"
                        + " struct's Size (" + c.size() + " bytes)");
            }
        }
    }

    /** Each of {@code progs} must be a program of the object: eunomia attached them by name. */
    private static void checkPrograms(EunomiaMeta meta, ObjectSpec facts, String object) throws PackageException {
        JsonNode progs = meta.list("progs");
        List<String> have = facts.programs().stream().map(p -> p.name()).toList();
        for (int i = 0; i < progs.size(); i++) {
            String prog = meta.text("progs/" + i + "/name");
            if (prog != null && !have.contains(prog)) {
                throw meta.fail("progs/" + i + "/name", "is '" + prog + "', which " + object
                        + " does not have (its programs: " + String.join(", ", have) + ")");
            }
        }
    }

    /** The struct {@code export_data_types} lays out: the object's own when the same, else added. */
    private static int layout(EunomiaMeta meta, String at, EunomiaLayouts layouts) throws PackageException {
        String struct = meta.text(at + "/Struct Name");
        if (struct == null || struct.isEmpty()) {
            throw meta.fail(at + "/Struct Name", "must be the struct's name");
        }
        long bits = meta.count(at + "/Size", -1, 8L * EunomiaPackage.MAX_OBJECT_BYTES);
        if (bits < 0 || bits % 8 != 0) {
            throw meta.fail(at + "/Size", "must be the struct's size in bits, a multiple of 8");
        }
        JsonNode fields = meta.list(at + "/Fields");
        if (fields.isEmpty()) {
            throw meta.fail(at + "/Fields", "must list the struct's fields");
        }
        List<String> names = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String f = at + "/Fields/" + i;
            String n = meta.text(f + "/Name");
            if (n == null || n.isEmpty()) {
                throw meta.fail(f + "/Name", "must be the field's name");
            }
            long offset = meta.count(f + "/FieldOffset", -1, bits);
            if (offset < 0 || offset % 8 != 0 || (!offsets.isEmpty() && offset < offsets.getLast())) {
                throw meta.fail(f + "/FieldOffset", "must be the field's offset in bits: a whole byte inside the"
                        + " struct, after the field before it");
            }
            names.add(n);
            offsets.add(offset);
        }
        Optional<Integer> same = layouts.sameInBase(struct, bits / 8, names, offsets);
        if (same.isPresent()) {
            return same.get();
        }
        List<EunomiaLayouts.Field> members = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String f = at + "/Fields/" + i;
            try {
                int type = LegacyFieldTypes.of(layouts, meta.text(f + "/Type"), meta.text(f + "/LLVMType"));
                members.add(new EunomiaLayouts.Field(names.get(i), type, offsets.get(i)));
            } catch (IllegalArgumentException e) {
                throw meta.fail(f, e.getMessage());
            }
        }
        return layouts.struct(struct, bits / 8, members);
    }
}
