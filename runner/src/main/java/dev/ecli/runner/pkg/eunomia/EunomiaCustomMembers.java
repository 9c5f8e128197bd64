package dev.ecli.runner.pkg.eunomia;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.pkg.PackageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code export_config: {"custom_members": [{"name", "offset", "btf_type_id"}]}}: a record laid out
 * member by member (offsets in bytes, types of the object's BTF), as eunomia's loader reads it:
 * members sorted by offset, none overlapping the one before, the record as long as its last
 * member reaches. Each becomes a struct named after its map ({@link EunomiaLayouts}).
 */
final class EunomiaCustomMembers {
    private EunomiaCustomMembers() {}

    /** The struct of each map with custom members, keyed by the map's path in the metadata ({@code bpf_skel/maps/1}). */
    static Map<String, EunomiaTypes.Resolved> layouts(EunomiaMeta meta, EunomiaLayouts layouts, ObjectSpec facts)
            throws PackageException {
        Map<String, EunomiaTypes.Resolved> out = new HashMap<>();
        JsonNode maps = meta.list("bpf_skel/maps");
        for (int i = 0; i < maps.size(); i++) {
            String at = "bpf_skel/maps/" + i;
            if (!meta.at(at + "/export_config/custom_members").isMissingNode()) {
                String map = meta.text(at + "/name");
                long most = facts.map(map == null ? "" : map).map(EunomiaCustomMembers::largestRecord).orElse(PERF_MAX);
                out.put(at, new EunomiaTypes.Resolved(struct(meta, at + "/export_config/custom_members",
                        map == null ? "custom_members" : map, layouts, most), map));
            }
        }
        return out;
    }

    /** A perf event sample's size is a u16, less its header. */
    private static final long PERF_MAX = 65_535;

    /** The largest record the map can carry: a ring buffer's size, else a perf sample's. */
    private static long largestRecord(ObjectSpec.MapDef def) {
        return MapType.RINGBUF.is(def.type()) && def.maxEntries() > 0 ? def.maxEntries() : PERF_MAX;
    }

    private record Member(int index, String name, long offset, int typeId, long size) {}

    private static int struct(EunomiaMeta meta, String at, String name, EunomiaLayouts layouts, long most)
            throws PackageException {
        JsonNode list = meta.list(at);
        if (list.isEmpty()) {
            throw meta.fail(at, "lists no members");
        }
        int last = layouts.base().typeCount() - 1;
        List<Member> members = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            String m = at + "/" + k;
            String n = meta.text(m + "/name");
            if (n == null || n.isEmpty()) {
                throw meta.fail(m + "/name", "must be the member's name");
            }
            long offset = meta.count(m + "/offset", -1, Integer.MAX_VALUE / 8);
            if (offset < 0) {
                throw meta.fail(m + "/offset", "must be the member's offset in bytes");
            }
            long id = meta.count(m + "/btf_type_id", -1, Integer.MAX_VALUE);
            if (id < 1 || id > last) {
                throw meta.fail(m + "/btf_type_id", "is " + id + ", but the object's BTF has type ids 1 to " + last);
            }
            long size;
            try {
                size = layouts.base().sizeOf((int) id);
            } catch (BtfFormatException | IllegalArgumentException e) {
                throw meta.fail(m + "/btf_type_id", "is " + id + ", a type with no size: " + e.getMessage());
            }
            members.add(new Member(k, n, offset, (int) id, size));
        }
        members.sort(Comparator.comparingLong(Member::offset));
        List<EunomiaLayouts.Field> fields = new ArrayList<>();
        long end = 0;
        Member before = null;
        for (Member m : members) {
            if (m.offset() < end) {
                throw meta.fail(at + "/" + m.index() + "/offset", "is " + m.offset() + ", inside member '"
                        + before.name() + "' (bytes " + before.offset() + " to " + (end - 1) + ")");
            }
            if (m.offset() + m.size() > most) {
                throw meta.fail(at + "/" + m.index() + "/offset", "is " + m.offset() + ": the member would end at byte "
                        + (m.offset() + m.size()) + ", past the largest record map '" + name + "' carries (" + most
                        + " bytes)");
            }
            fields.add(new EunomiaLayouts.Field(m.name(), m.typeId(), m.offset() * 8));
            end = m.offset() + m.size();
            before = m;
        }
        return layouts.struct(name, end, fields);
    }
}
