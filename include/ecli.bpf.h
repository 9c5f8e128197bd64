/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ecli.bpf.h: small helpers for ecli-java packages, shipped with the runner. `ecli-java build`
 * puts it on clang's include path, so a package includes it after vmlinux.h and bpf_helpers.h:
 *
 *     #include "vmlinux.h"
 *     #include <bpf/bpf_helpers.h>
 *     #include "ecli.bpf.h"
 *
 * Slot helpers match the runner's histogram kinds (maps.NAME.histogram): log2 slot i holds
 * 2^i to 2^(i+1)-1 (slot 0 holds 0 and 1); linear slot i holds base + i*step onwards.
 * A package that keeps its own ecli.bpf.h in its folder uses that one instead.
 */
#ifndef __ECLI_BPF_H
#define __ECLI_BPF_H

#include <bpf/bpf_helpers.h>

/* The index of the highest set bit of v, by halving the search range (0 for 0 and 1). */
static __always_inline __u32 ecli_log2(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r;
}

/* The log2 slot of v in a histogram of nslots slots; values past the end go to the last slot. */
static __always_inline __u32 ecli_log2_slot(__u64 v, __u32 nslots)
{
	__u32 slot = ecli_log2(v);

	return slot < nslots ? slot : nslots - 1;
}

/* The linear slot of v (slot i: base + i*step to base + (i+1)*step - 1), clamped to [0, nslots). */
static __always_inline __u32 ecli_linear_slot(__s64 v, __s64 base, __u64 step, __u32 nslots)
{
	__u64 slot;

	if (v < base || step == 0)
		return 0;
	slot = (__u64)(v - base) / step;
	return slot < nslots ? (__u32)slot : nslots - 1;
}

/* Adds one to slots[slot] atomically; slot must be below the array's length (use a *_slot helper). */
#define ecli_hist_add(slots, slot) __sync_fetch_and_add(&(slots)[(slot)], 1)

/* Adds n to the counter that the map holds under key, creating it at n when it is missing. */
static __always_inline void ecli_count_add(void *map, const void *key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(map, key);

	if (v)
		__sync_fetch_and_add(v, n);
	else
		bpf_map_update_elem(map, key, &n, BPF_NOEXIST);
}

/* Declares a ring buffer map of the given size in bytes (a power of two, at least one page). */
#define ECLI_RINGBUF(name, bytes)                          \
	struct {                                            \
		__uint(type, BPF_MAP_TYPE_RINGBUF);         \
		__uint(max_entries, bytes);                 \
	} name SEC(".maps")

/* Copies the event at ptr (size bytes) into the ring buffer; 0, or a negative errno when it is full. */
static __always_inline long ecli_submit(void *ringbuf, const void *ptr, __u64 size)
{
	return bpf_ringbuf_output(ringbuf, (void *)ptr, size, 0);
}

/* The current process id (the kernel's tgid, what ps shows as PID). */
static __always_inline __u32 ecli_pid(void)
{
	return bpf_get_current_pid_tgid() >> 32;
}

/* The current thread id (the kernel's pid, what ps -L shows as LWP). */
static __always_inline __u32 ecli_tid(void)
{
	return (__u32)bpf_get_current_pid_tgid();
}

/* Copies the current thread's command name into buf (16 bytes, NUL-terminated). */
#define ecli_comm(buf) bpf_get_current_comm((buf), sizeof(buf))

/* The id of the current task's cgroup (v2), the inode number of its cgroupfs folder. */
static __always_inline __u64 ecli_cgroup(void)
{
	return bpf_get_current_cgroup_id();
}

#endif /* __ECLI_BPF_H */
