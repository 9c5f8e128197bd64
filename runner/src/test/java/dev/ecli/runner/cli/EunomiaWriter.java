package dev.ecli.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.CPrinter;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.objinfo.ObjectSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes eunomia packages of every generation ecc has written, from objects we compile, with
 * only the fields each generation's documentation and loader read (learnt from eunomia-bpf's
 * history; nothing of theirs is copied): pre-0.3 ({@code data}, {@code data_sz},
 * {@code maps[].export_data_types}), the {@code export_btf} generation ({@code bpf_object} with
 * no size, {@code export_types.export_btf}), the current one ({@code bpf_object_size},
 * {@code export_types} members), a {@code *.skel.json} beside its object, and a tar.
 */
final class EunomiaWriter {
    static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] elf;
    private final String name;
    private final String map;
    private final Btf btf;
    private final BtfType.Struct struct;

    /**
     * @param elf    the object
     * @param name   its name ({@code obj_name})
     * @param map    the ring buffer or perf event array its records come on; null for none
     * @param struct the struct they are; null for none
     */
    EunomiaWriter(byte[] elf, String name, String map, String struct) {
        this.elf = elf;
        this.name = name;
        this.map = map;
        this.btf = Btf.fromElf(ElfFile.parse(elf));
        this.struct = struct == null ? null : (BtfType.Struct) btf.find(struct, BtfKind.STRUCT).orElseThrow();
    }

    /**
     * Before eunomia 0.3: the object raw in base64, the layout as JSON with offsets in bits.
     * @param structName the layout's {@code Struct Name}: the object's own struct's, or another
     *                   name, which the object's BTF lacks, to make the JSON the only layout
     */
    ObjectNode legacy(String structName) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name).put("version", "0.1.0").put("load_ebpf_script", "").put("license", "GPL")
                .put("description", "written by a test");
        root.put("data_sz", elf.length).put("data", Base64.getMimeEncoder().encodeToString(elf));
        ArrayNode maps = root.putArray("maps");
        for (ObjectSpec.MapDef m : ObjectSpec.parse(name, elf).maps()) {
            ObjectNode n = maps.addObject().put("name", m.name()).put("type", m.name().equals(map)
                    ? (m.type() == 27 ? "BPF_MAP_TYPE_RINGBUF" : "BPF_MAP_TYPE_PERF_EVENT_ARRAY") : "BPF_MAP_TYPE_HASH");
            if (m.name().equals(map)) {
                ObjectNode t = n.putObject("export_data_types");
                ArrayNode fields = t.putArray("Fields");
                for (BtfType.Member m2 : struct.members()) {
                    fields.addObject().put("Name", m2.name()).put("Type", CPrinter.typeName(btf, m2.typeId()))
                            .put("LLVMType", llvm(m2.typeId())).put("FieldOffset", btf.memberBitOffset(m2));
                }
                t.put("Struct Name", structName).put("Size", struct.size() * 8L).put("DataSize", struct.size() * 8L)
                        .put("Alignment", 64);
            }
        }
        ArrayNode progs = root.putArray("progs");
        ObjectSpec.parse(name, elf).programs().forEach(p -> progs.addObject().put("name", p.name()));
        return root;
    }

    /** clang's LLVM type of a member: {@code i32}, {@code [16 x i8]}. */
    private String llvm(int typeId) {
        BtfType t = btf.resolve(typeId);
        if (t instanceof BtfType.Array a) {
            return "[" + a.nelems() + " x " + llvm(a.elemTypeId()) + "]";
        }
        return "i" + btf.sizeOf(typeId) * 8;
    }

    /** The export_btf generation: zlib object without its size, the structs in a BTF blob of their own. */
    ObjectNode exportBtf() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("bpf_object", zlibBase64(elf));
        ObjectNode meta = root.putObject("meta");
        skel(meta.putObject("bpf_skel"));
        ElfFile file = ElfFile.parse(elf);
        byte[] blob = file.contents(file.section(".BTF").orElseThrow());
        ObjectNode types = meta.putObject("export_types");
        types.put("export_btf", Base64.getMimeEncoder().encodeToString(blob));
        types.putArray("structs").addObject().put("id", struct.id()).put("name", struct.name());
        return root;
    }

    /** The current generation's metadata: {@code bpf_skel} and {@code export_types} with members. */
    ObjectNode meta() {
        ObjectNode meta = JSON.createObjectNode();
        skel(meta.putObject("bpf_skel"));
        ArrayNode types = meta.putArray("export_types");
        if (struct != null) {
            ObjectNode type = types.addObject().put("name", struct.name()).put("size", struct.size())
                    .put("type_id", struct.id());
            ArrayNode members = type.putArray("members");
            for (BtfType.Member m : struct.members()) {
                members.addObject().put("name", m.name()).put("type", CPrinter.typeName(btf, m.typeId()));
            }
        }
        meta.put("eunomia_version", "1.0.0");
        return meta;
    }

    /** The current generation's package.json: the object zlib-compressed with its size, and {@link #meta()}. */
    ObjectNode current() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("bpf_object", zlibBase64(elf)).put("bpf_object_size", elf.length);
        root.set("meta", meta());
        return root;
    }

    private void skel(ObjectNode skel) {
        skel.put("obj_name", name);
        // data_sections: the object's globals, by section, as options (eunomia's cmdarg defaults).
        ArrayNode sections = skel.putArray("data_sections");
        try {
            java.util.Map<String, ArrayNode> bySection = new java.util.LinkedHashMap<>();
            for (ObjectSpec.Variable v : ObjectSpec.parse(name, elf).variables()) {
                if (v.section().equals(".rodata") || v.section().equals(".bss")) {
                    bySection.computeIfAbsent(v.section(), k -> sections.addObject().put("name", k).putArray("variables"))
                            .addObject().put("name", v.name()).put("type", CPrinter.typeName(btf, v.typeId()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ArrayNode maps = skel.putArray("maps");
        if (map != null) {
            maps.addObject().put("ident", map).put("name", map);
        }
        ArrayNode progs = skel.putArray("progs");
        try {
            ObjectSpec.parse(name, elf).programs().forEach(p -> progs.addObject().put("name", p.name())
                    .put("attach", p.section()).put("link", true));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The struct's BTF id in the object. */
    int typeId(String name) {
        return btf.find(name, BtfKind.STRUCT).orElseThrow().id();
    }

    /** {@code meta.bpf_skel.maps} of a package.json ({@link #current()}) or skeleton ({@link #meta()}). */
    static ArrayNode maps(ObjectNode root) {
        ObjectNode meta = root.has("meta") ? (ObjectNode) root.get("meta") : root;
        return (ArrayNode) meta.get("bpf_skel").get("maps");
    }

    /** The {@code data_sections} variable {@code name} of a package.json or skeleton. */
    static ObjectNode variable(ObjectNode root, String name) {
        ObjectNode meta = root.has("meta") ? (ObjectNode) root.get("meta") : root;
        for (var section : meta.get("bpf_skel").get("data_sections")) {
            for (var v : section.get("variables")) {
                if (v.get("name").asText().equals(name)) {
                    return (ObjectNode) v;
                }
            }
        }
        throw new IllegalArgumentException("no variable " + name);
    }

    /** {@code meta.bpf_skel.progs} entry {@code name}. */
    static ObjectNode prog(ObjectNode root, String name) {
        ObjectNode meta = root.has("meta") ? (ObjectNode) root.get("meta") : root;
        for (var p : meta.get("bpf_skel").get("progs")) {
            if (p.get("name").asText().equals(name)) {
                return (ObjectNode) p;
            }
        }
        throw new IllegalArgumentException("no program " + name);
    }

    /** Writes {@code NAME.skel.json} and {@code NAME.bpf.o} into {@code dir}; the skeleton's path. */
    Path skeletonBeside(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".bpf.o"), elf);
        return Files.writeString(dir.resolve(name + ".skel.json"), JSON.writeValueAsString(meta()));
    }

    /** A tar holding {@code package.json} ({@link #current()}), as {@code ecc} packs one. */
    Path tar(Path file) throws Exception {
        byte[] json = JSON.writeValueAsBytes(current());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = new byte[512];
        put(h, 0, "package.json");
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", json.length));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
        out.write(json);
        out.write(new byte[(512 - json.length % 512) % 512]);
        out.write(new byte[1024]);
        return Files.write(file, out.toByteArray());
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    static String zlibBase64(byte[] data) throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(data);
        }
        return Base64.getEncoder().encodeToString(z.toByteArray());
    }

    /** Writes {@code node} as {@code dir/package.json}. */
    static Path write(Path dir, ObjectNode node) throws Exception {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("package.json"), JSON.writeValueAsString(node));
    }
}
