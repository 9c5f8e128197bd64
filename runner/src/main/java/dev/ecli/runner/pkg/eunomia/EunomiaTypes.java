package dev.ecli.runner.pkg.eunomia;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.pkg.EunomiaExportType;
import dev.ecli.runner.pkg.PackageException;
import java.util.List;

/**
 * Checks what an eunomia package claims about its exported structs ({@code export_types[i]},
 * {@code export_config.btf_type_id}) against the object's own BTF, which stays the authority for
 * layout: a claim that does not hold is one line naming the key and the BTF type.
 */
final class EunomiaTypes {
    private EunomiaTypes() {}

    /** A struct (or union) of the object's BTF: its id and name. */
    record Resolved(int typeId, String name) {}

    /**
     * The struct {@code export_types[index]} describes, found by its {@code type_id} (by its name
     * when it has none), with its name, size and members checked against the BTF.
     * @throws PackageException naming the first claim that does not hold
     */
    static Resolved exportType(EunomiaMeta meta, int index, EunomiaExportType t, Btf btf) throws PackageException {
        String at = "export_types/" + index;
        BtfType type;
        if (t.typeId() < 0) {
            type = btf.find(t.name(), BtfKind.STRUCT).or(() -> btf.find(t.name(), BtfKind.UNION)).orElseThrow(
                    () -> meta.fail(at + "/name", "is '" + t.name() + "', but the object's BTF has no struct of that name"));
        } else {
            type = composite(meta, at + "/type_id", t.typeId(), btf);
        }
        BtfType.Composite c = (BtfType.Composite) type;
        if (!c.name().equals(t.name())) {
            throw meta.fail(at + "/name", "is '" + t.name() + "', but BTF type " + c.id() + " is " + describe(c));
        }
        if (t.size() >= 0 && t.size() != c.size()) {
            throw meta.fail(at + "/size", "is " + t.size() + ", but " + describe(c) + " is " + c.size() + " bytes");
        }
        List<BtfType.Member> members = c.members();
        if (!t.members().isEmpty() || members.isEmpty()) {
            int n = Math.min(members.size(), t.members().size());
            for (int i = 0; i < n; i++) {
                String claimed = t.members().get(i).name();
                if (!claimed.equals(members.get(i).name())) {
                    throw meta.fail(at + "/members/" + i + "/name", "is '" + claimed + "', but member " + i
                            + " of " + describe(c) + " is '" + members.get(i).name() + "'");
                }
            }
            if (t.members().size() != members.size()) {
                throw meta.fail(at + "/members", "lists " + t.members().size() + " members, but " + describe(c)
                        + " has " + members.size());
            }
        }
        return new Resolved(c.id(), c.name());
    }

    /**
     * The struct or union with BTF id {@code typeId} ({@code export_config.btf_type_id}).
     * @throws PackageException when there is no such id, or it is another kind of type
     */
    static Resolved byId(EunomiaMeta meta, String at, long typeId, Btf btf) throws PackageException {
        BtfType.Composite c = (BtfType.Composite) composite(meta, at, typeId, btf);
        return new Resolved(c.id(), c.name());
    }

    private static BtfType composite(EunomiaMeta meta, String at, long typeId, Btf btf) throws PackageException {
        int last = btf.typeCount() - 1;
        if (typeId < 1 || typeId > last) {
            throw meta.fail(at, "is " + typeId + ", but the object's BTF has type ids 1 to " + last);
        }
        BtfType t;
        try {
            t = btf.type((int) typeId);
        } catch (BtfFormatException | IllegalArgumentException e) {
            throw meta.fail(at, "is " + typeId + ", a type the object's BTF cannot describe: " + e.getMessage());
        }
        if (!(t instanceof BtfType.Composite)) {
            throw meta.fail(at, "is " + typeId + ", which is a " + t.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (t.name().isEmpty() ? "" : " '" + t.name() + "'") + " in the object's BTF, not a struct");
        }
        return t;
    }

    private static String describe(BtfType.Composite c) {
        String kind = c instanceof BtfType.Union ? "union " : "struct ";
        return kind + (c.name().isEmpty() ? "(anonymous)" : c.name());
    }
}
