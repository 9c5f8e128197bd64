package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a failed load by what this kernel lacks, asking libbpf's feature probes
 * ({@code libbpf_probe_bpf_map_type}, {@code libbpf_probe_bpf_helper}): a map type or a helper
 * that came in a later Linux. Run only once a load has failed, so a run that loads pays nothing.
 */
final class MissingFeatures {
    /** The verifier's words for a helper it does not know, or does not offer this program type. */
    private static final Pattern HELPER = Pattern.compile(
            "(?:invalid func|unknown func|program of this type cannot use helper) ([A-Za-z0-9_]+)#(\\d+)");
    /** When map types came, for the ones programs meet on older kernels. */
    private static final Map<String, String> MAP_SINCE = Map.ofEntries(Map.entry("ringbuf", "5.8"),
            Map.entry("user_ringbuf", "6.1"), Map.entry("cgrp_storage", "6.2"), Map.entry("bloom_filter", "5.16"),
            Map.entry("task_storage", "5.11"), Map.entry("inode_storage", "5.10"), Map.entry("struct_ops", "5.6"),
            Map.entry("sk_storage", "5.2"), Map.entry("arena", "6.9"));

    private MissingFeatures() {}

    /** Why a map of this type could not be created, when this kernel lacks the type; else null. */
    static String map(int mapType) {
        if (probe(LibBpf.PROBE_MAP_TYPE, mapType, -1) != 0) {
            return null; // offered (1), or the probe itself failed: no claim either way
        }
        String name = typeName(LibBpf.MAP_TYPE_STR, mapType);
        String since = name == null ? null : MAP_SINCE.get(name);
        return "this kernel has no " + (name == null ? "type " + mapType : name) + " maps"
                + (since == null ? "" : " (Linux " + since + " and later)");
    }

    /**
     * The helper a rejected program calls that this kernel does not offer its program type, from
     * the verifier's log, confirmed by libbpf's probe; else null.
     */
    static String helper(int progType, String log) {
        Matcher m = HELPER.matcher(log);
        if (!m.find()) {
            return null;
        }
        int id;
        try {
            id = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return null;
        }
        if (probe(LibBpf.PROBE_HELPER, progType, id) != 0) {
            return null;
        }
        String helper = m.group(1).equals("unknown") ? "helper #" + id : m.group(1) + " (helper #" + id + ")";
        String type = typeName(LibBpf.PROG_TYPE_STR, progType);
        return "this kernel does not offer " + helper + " to " + (type == null ? "type " + progType : type)
                + " programs";
    }

    /** 1 offered, 0 not, negative when the probe could not tell; {@code helper} -1 for a map type probe. */
    private static int probe(LibBpf.Fn fn, int type, int helper) {
        return helper < 0 ? (int) fn.call(type, 0L) : (int) fn.call(type, helper, 0L);
    }

    private static String typeName(LibBpf.Fn fn, int type) {
        return Native.string(Native.pointer(fn.call(type)), 64);
    }
}
