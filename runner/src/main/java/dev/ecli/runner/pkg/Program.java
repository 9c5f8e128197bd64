package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * Notes and hints on one BPF program of the object. Every part is optional (null).
 *
 * @param description what the program hooks and why
 * @param section     the libbpf section name to treat the program as (e.g.
 *                    {@code tracepoint/sched/sched_process_exit}), for objects whose {@code SEC()}
 *                    leaves the target open
 * @param attach      where and how to attach when the section does not say: a uprobe's binary and
 *                    symbol, an interface for tc and xdp, a perf event's frequency, or
 *                    {@code manual} to load the program without attaching it
 * @param load        whether to load it: null or {@code true} yes, {@code false} no, {@code ${param}}
 *                    as a bool parameter says, {@code !${param}} the opposite (program sets an
 *                    option chooses between, as a C frontend's {@code set_autoload})
 * @param fallback    another program loaded instead when this kernel lacks this one's hook (a
 *                    {@code tp_btf} program's raw_tp twin); when this one loads, the fallback does
 *                    not. Chains make a "first of" list
 * @param optional    leave the program out, rather than fail, when this kernel lacks its hook (a
 *                    tracepoint an older kernel does not have)
 * @param alsoAttach  more targets for the same program when {@code attach} is a list (its first
 *                    is {@code attach}): one uprobe on several functions, as a C frontend calls
 *                    {@code attach_uprobe} once per symbol; never null
 */
public record Program(String description, String section, AttachSpec attach, String load, String fallback,
                      boolean optional, @JsonIgnore List<AttachSpec> alsoAttach) {
    public Program {
        alsoAttach = alsoAttach == null ? List.of() : List.copyOf(alsoAttach);
    }

    /** Every target: {@code attach}, then {@code alsoAttach}; empty when the section says. */
    public List<AttachSpec> attachments() {
        List<AttachSpec> all = new ArrayList<>();
        if (attach != null) {
            all.add(attach);
        }
        all.addAll(alsoAttach);
        return all;
    }

    /** A program with one attach target or none. */
    public Program(String description, String section, AttachSpec attach, String load, String fallback,
                   boolean optional) {
        this(description, section, attach, load, fallback, optional, List.of());
    }
    /** A program with only a description. */
    public Program(String description) {
        this(description, null, (AttachSpec) null);
    }

    /** A program with a description, a section and attach settings, always loaded. */
    public Program(String description, String section, AttachSpec attach) {
        this(description, section, attach, null, null, false);
    }

    /** A program whose attach target is the short form ({@code /usr/lib/libc.so.6:malloc}, {@code eth0}, {@code manual}). */
    public Program(String description, String section, String attach) {
        this(description, section, attach == null ? null : AttachSpec.ofTarget(attach));
    }
}
