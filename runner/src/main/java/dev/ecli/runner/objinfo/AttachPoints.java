package dev.ecli.runner.objinfo;

import java.util.Map;

/**
 * Where a program attaches, read from its ELF section name as libbpf reads it: the part before
 * the first {@code /} names the hook kind ({@code tp} is a tracepoint, {@code raw_tp} a raw
 * tracepoint, ...), the rest is the target ({@code sched/sched_process_exit}).
 */
public final class AttachPoints {
    /** A hook kind and its target ({@code ""} when the section names none, e.g. {@code xdp}). */
    public record AttachPoint(String kind, String target) {
        /** {@code tracepoint sched/sched_process_exit}, or the kind alone. */
        @Override
        public String toString() {
            return target.isEmpty() ? kind : kind + " " + target;
        }
    }

    // libbpf's short spellings, named as its long ones and the kernel's docs name them.
    private static final Map<String, String> ALIASES = Map.of(
            "tp", "tracepoint",
            "raw_tp", "raw_tracepoint",
            "raw_tp.w", "raw_tracepoint.w",
            "classifier", "tc",
            "action", "tc_action");

    private AttachPoints() {}

    /** The attach point of a program in this section. */
    public static AttachPoint of(String section) {
        int slash = section.indexOf('/');
        String kind = slash < 0 ? section : section.substring(0, slash);
        String target = slash < 0 ? "" : section.substring(slash + 1);
        return new AttachPoint(ALIASES.getOrDefault(kind, kind), target);
    }
}
