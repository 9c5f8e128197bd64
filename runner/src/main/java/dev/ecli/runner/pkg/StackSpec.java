package dev.ecli.runner.pkg;

/**
 * A key or value field of a sampled map that holds a stack id ({@code bpf_get_stackid}), and
 * where its frames are ({@code maps.NAME.stacks.FIELD}).
 *
 * @param map   the BPF_MAP_TYPE_STACK_TRACE map the id indexes
 * @param space {@code kernel} (frames named from /proc/kallsyms) or {@code user}
 * @param process for user stacks: the field holding the process id (tgid) whose addresses they
 *              are (frames then named from its mappings); null: user frames stay addresses
 */
public record StackSpec(String map, String space, String process) {
    /** A stack whose user frames, if any, stay addresses. */
    public StackSpec(String map, String space) {
        this(map, space, null);
    }

    /** Kernel frames. */
    public static final String KERNEL = "kernel";
    /** User frames. */
    public static final String USER = "user";
}
