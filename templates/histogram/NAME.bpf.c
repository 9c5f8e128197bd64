// SPDX-License-Identifier: GPL-2.0
/*
 * @NAME@: how long clock_nanosleep calls (sleep, usleep, nanosleep) took, as a log2 histogram
 * of microseconds, printed when the run stops.
 * Build and run:  ecli-java build @NAME@ && sudo ecli-java run @NAME@
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ecli.bpf.h" /* shipped with ecli-java: ecli_log2_slot, ecli_hist_add, ecli_tid */
#include "@NAME@.h"

char LICENSE[] SEC("license") = "GPL";

/* When each thread started sleeping: working state, not printed. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

/* One histogram for the machine, under key 0. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

SEC("tp/syscalls/sys_enter_clock_nanosleep")
int sleep_enter(void *ctx)
{
	__u32 tid = ecli_tid();
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("tp/syscalls/sys_exit_clock_nanosleep")
int sleep_exit(void *ctx)
{
	__u32 tid = ecli_tid(), zero = 0;
	__u64 *ts = bpf_map_lookup_elem(&start, &tid);
	struct hist *h;

	if (!ts)
		return 0;
	h = bpf_map_lookup_elem(&hists, &zero);
	if (h)
		ecli_hist_add(h->slots, ecli_log2_slot((bpf_ktime_get_ns() - *ts) / 1000, MAX_SLOTS));
	bpf_map_delete_elem(&start, &tid);
	return 0;
}
