// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * profile: a CPU profiler in the manner of libbpf-tools' profile. A perf_event program runs
 * on every CPU at the frequency given with --frequency (the runner opens the cpu-clock
 * events, see package.yaml) and counts (process, user stack, kernel stack) in stack_counts;
 * the runner prints the busiest stacks when it stops, kernel frames named from /proc/kallsyms.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "profile.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define PERF_MAX_STACK_DEPTH 127

struct {
    __uint(type, BPF_MAP_TYPE_STACK_TRACE);
    __uint(max_entries, 4096);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, PERF_MAX_STACK_DEPTH * sizeof(__u64));
} stack_traces SEC(".maps");

/* Samples by process and stacks. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct stack_key);
    __type(value, __u64);
} stack_counts SEC(".maps");

/* Profile this process only (0: every process). */
const volatile pid_t targ_pid = 0;
/* Count the idle task too (pid 0). */
const volatile bool include_idle = false;
/* Samples per second on each CPU (read by the runner, which opens the perf events). */
const volatile __u32 sample_freq = 49;

SEC("perf_event")
int do_perf_event(struct bpf_perf_event_data *ctx)
{
    __u64 id = bpf_get_current_pid_tgid();
    __u32 pid = id >> 32, tid = (__u32)id;
    struct stack_key key = {};
    __u64 one = 1, *count;

    if (!include_idle && tid == 0)
        return 0;
    if (targ_pid && targ_pid != pid)
        return 0;
    key.pid = pid;
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    key.kern_stack_id = bpf_get_stackid(ctx, &stack_traces, 0);
    key.user_stack_id = bpf_get_stackid(ctx, &stack_traces, BPF_F_USER_STACK);
    count = bpf_map_lookup_elem(&stack_counts, &key);
    if (count)
        __sync_fetch_and_add(count, 1);
    else
        bpf_map_update_elem(&stack_counts, &key, &one, BPF_NOEXIST);
    return 0;
}
