package dev.ecli.runner.pkg;

import java.util.List;

/**
 * A struct an eunomia package says its maps carry ({@code meta.export_types[i]}), as ecc wrote it
 * from the object's BTF. The object's own BTF stays the authority for layout; this is what the
 * package claims.
 *
 * @param name    the struct's name
 * @param members its members in order; never null
 * @param size    its size in bytes, or -1 when not given
 * @param typeId  its BTF type id in the object, or -1 when not given
 */
public record EunomiaExportType(String name, List<Member> members, int size, int typeId) {
    public EunomiaExportType {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /**
     * One member of an exported struct.
     *
     * @param name the member's name
     * @param type its C type as ecc printed it (e.g. {@code char[16]}), or null
     */
    public record Member(String name, String type) {}
}
