package dev.ecli.runner.pkg.eunomia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.pkg.EunomiaExportType;
import dev.ecli.runner.pkg.PackageException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code export_types} as eunomia wrote it from late 2022 to mid 2023: a mapping of
 * {@code export_btf} (base64 of a BTF blob of its own, no ELF around it) and {@code structs}
 * ({@code [{"id": 2, "name": "event"}]}, ids in that blob). Each struct becomes a type of the
 * object ({@link EunomiaLayouts#copy}): the object's own when it has the same one.
 */
final class EunomiaExportBtf {
    private EunomiaExportBtf() {}

    /** The structs, in order, as {@code export_types} entries naming types of {@code layouts}. */
    static List<EunomiaExportType> types(EunomiaMeta meta, EunomiaLayouts layouts) throws PackageException {
        String encoded = meta.text("export_types/export_btf");
        if (encoded == null) {
            throw meta.fail("export_types", "is a mapping without 'export_btf', the BTF of the structs it lists");
        }
        Btf btf;
        try {
            btf = Btf.parse(Base64.getMimeDecoder().decode(encoded));
        } catch (IllegalArgumentException | BtfFormatException e) {
            throw meta.fail("export_types/export_btf", "is not base64 of BTF: " + e.getMessage());
        }
        List<EunomiaExportType> out = new ArrayList<>();
        JsonNode structs = meta.list("export_types/structs");
        for (int i = 0; i < structs.size(); i++) {
            String at = "export_types/structs/" + i;
            long id = meta.count(at + "/id", -1, Integer.MAX_VALUE);
            String name = meta.text(at + "/name");
            if (id < 1 || id >= btf.typeCount()) {
                throw meta.fail(at + "/id", "must be a type id of 'export_btf', 1 to " + (btf.typeCount() - 1));
            }
            BtfType t = btf.type((int) id);
            if (!(t instanceof BtfType.Struct s) || (name != null && !name.equals(s.name()))) {
                throw meta.fail(at + "/id", "is " + id + ", which is not struct " + name + " in 'export_btf'");
            }
            int copied;
            try {
                copied = layouts.copy(btf, s.id());
            } catch (IllegalArgumentException | BtfFormatException e) {
                throw meta.fail(at, e.getMessage());
            }
            List<EunomiaExportType.Member> members = new ArrayList<>();
            s.members().forEach(m -> members.add(new EunomiaExportType.Member(m.name(), null)));
            out.add(new EunomiaExportType(s.name(), members, s.size(), copied));
        }
        return out;
    }
}
