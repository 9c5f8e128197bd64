package dev.ecli.runner.session;

/** Names of {@code enum bpf_map_type} values, for messages and {@code inspect}. */
public final class MapTypes {
    /** BPF_MAP_TYPE_PERF_EVENT_ARRAY. */
    public static final int PERF_EVENT_ARRAY = 4;
    /** BPF_MAP_TYPE_RINGBUF. */
    public static final int RINGBUF = 27;

    private static final String[] NAMES = {
        "unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash", "percpu_array",
        "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
        "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage",
        "reuseport_sockarray", "percpu_cgroup_storage", "queue", "stack", "sk_storage",
        "devmap_hash", "struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter",
        "user_ringbuf", "cgrp_storage",
    };

    private MapTypes() {}

    /** The short name of a map type ("ringbuf"), or "type N" when unknown. */
    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type " + type;
    }
}
