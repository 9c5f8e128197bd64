package dev.ecli.runner.pkg;

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
 */
public record Program(String description, String section, AttachSpec attach) {
    /** A program with only a description. */
    public Program(String description) {
        this(description, null, (AttachSpec) null);
    }

    /** A program whose attach target is the short form ({@code /usr/lib/libc.so.6:malloc}, {@code eth0}, {@code manual}). */
    public Program(String description, String section, String attach) {
        this(description, section, attach == null ? null : AttachSpec.ofTarget(attach));
    }
}
