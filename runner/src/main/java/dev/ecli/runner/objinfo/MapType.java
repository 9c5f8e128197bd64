package dev.ecli.runner.objinfo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kernel's {@code enum bpf_map_type}, in its order: a constant's ordinal is its number
 * ({@code BPF_MAP_TYPE_RINGBUF} is 27). The one place in ecli-java that knows map type numbers;
 * objects and libbpf hand them over as {@code int}, so the lookups here take numbers too, and a
 * number newer than this list is "type N", never an error.
 */
public enum MapType {
    UNSPEC, HASH, ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, PERCPU_HASH, PERCPU_ARRAY, STACK_TRACE, CGROUP_ARRAY,
    LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, SOCKMAP, CPUMAP, XSKMAP, SOCKHASH,
    CGROUP_STORAGE, REUSEPORT_SOCKARRAY, PERCPU_CGROUP_STORAGE, QUEUE, STACK, SK_STORAGE, DEVMAP_HASH, STRUCT_OPS,
    RINGBUF, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, USER_RINGBUF, CGRP_STORAGE, ARENA;

    private static final MapType[] ALL = values();

    /** The kinds {@code maps:} and map metrics may sample: every key with its value. */
    private static final MapType[] SAMPLED = {HASH, ARRAY, PERCPU_HASH, PERCPU_ARRAY, LRU_HASH, LRU_PERCPU_HASH};

    /** The sampled kinds' names, for messages ("hash, array, ..."). */
    public static final String SAMPLED_NAMES = Arrays.stream(SAMPLED).map(MapType::shortName)
            .collect(Collectors.joining(", "));

    /** The type with this number, if this list has it. */
    public static Optional<MapType> of(int number) {
        return number >= 0 && number < ALL.length ? Optional.of(ALL[number]) : Optional.empty();
    }

    /** The short name of the type with this number ("ringbuf"), or "type N" when unknown. */
    public static String name(int number) {
        return of(number).map(MapType::shortName).orElse("type " + number);
    }

    /** {@code enum bpf_map_type}'s number for this type. */
    public int number() {
        return ordinal();
    }

    /** Whether {@code number} is this type's. */
    public boolean is(int number) {
        return number == ordinal();
    }

    /** The short name, as bpftool prints it ("perf_event_array"). */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether maps of this number carry events to user space: ring buffers and perf event arrays. */
    public static boolean carriesEvents(int number) {
        return RINGBUF.is(number) || PERF_EVENT_ARRAY.is(number);
    }

    /** Whether maps of this number can be sampled (see {@link #SAMPLED_NAMES}). */
    public static boolean sampleable(int number) {
        return of(number).map(t -> Arrays.asList(SAMPLED).contains(t)).orElse(false);
    }

    /** Whether values of maps of this number hold one slot per possible CPU. */
    public static boolean perCpu(int number) {
        return PERCPU_HASH.is(number) || PERCPU_ARRAY.is(number) || LRU_PERCPU_HASH.is(number)
                || PERCPU_CGROUP_STORAGE.is(number);
    }

    /** Whether maps of this number are indexed by an array index (zero-filled, never deleted). */
    public static boolean arrayLike(int number) {
        return ARRAY.is(number) || PERCPU_ARRAY.is(number);
    }
}
