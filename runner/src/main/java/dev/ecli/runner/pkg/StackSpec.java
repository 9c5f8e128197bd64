package dev.ecli.runner.pkg;

/**
 * A key or value field of a sampled map that holds a stack id ({@code bpf_get_stackid}), and
 * where its frames are ({@code maps.NAME.stacks.FIELD}).
 *
 * @param map   the BPF_MAP_TYPE_STACK_TRACE map the id indexes
 * @param space {@code kernel} (frames named from /proc/kallsyms) or {@code user} (addresses)
 */
public record StackSpec(String map, String space) {
    /** Kernel frames. */
    public static final String KERNEL = "kernel";
    /** User frames. */
    public static final String USER = "user";
}
