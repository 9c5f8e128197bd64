package dev.ecli.runner.pkg;

/**
 * Notes and hints on one BPF program of the object. Every part is optional (null).
 *
 * @param description what the program hooks and why
 * @param section     the libbpf section name to treat the program as (e.g.
 *                    {@code tracepoint/sched/sched_process_exit}), for objects whose {@code SEC()}
 *                    leaves the target open
 * @param attach      where to attach when the section does not say, e.g. a uprobe's
 *                    {@code /usr/lib/libc.so.6:malloc} or an interface for tc and xdp; {@code manual}
 *                    loads the program without attaching it
 */
public record Program(String description, String section, String attach) {
    /** A program with only a description. */
    public Program(String description) {
        this(description, null, null);
    }
}
