// SPDX-License-Identifier: GPL-2.0
/*
 * @NAME@: samples what each CPU runs, 99 times a second (package.yaml has the runner open the
 * cpu-clock perf events), and counts process and stacks; the busiest are printed at the end,
 * kernel frames named from /proc/kallsyms and user frames from the process's files.
 * Build and run:  ecli-java build @NAME@ && sudo ecli-java run @NAME@
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ecli.bpf.h" /* shipped with ecli-java: ecli_pid, ecli_comm, ecli_count_add */
#include "@NAME@.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_STACK_DEPTH 127

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 4096);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
} stack_traces SEC(".maps");

/* Samples by process and stacks. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct stack_key);
	__type(value, __u64);
} stack_counts SEC(".maps");

SEC("perf_event")
int do_sample(struct bpf_perf_event_data *ctx)
{
	struct stack_key key = {};

	key.pid = ecli_pid();
	if (key.pid == 0) /* the idle task */
		return 0;
	ecli_comm(key.comm);
	key.kern_stack_id = bpf_get_stackid(ctx, &stack_traces, 0);
	key.user_stack_id = bpf_get_stackid(ctx, &stack_traces, BPF_F_USER_STACK);
	ecli_count_add(&stack_counts, &key, 1);
	return 0;
}
