// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test-only: each exec of a command named ecli-burst sends 300 records of 4000 bytes to a perf
 * event array at once, more than a 256 KiB per-CPU ring holds: the kernel drops the rest and
 * reports how many, which the runner must show.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "perfloss.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define BURST 300

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct big);
} scratch SEC(".maps");

SEC("tp/sched/sched_process_exec")
int burst(void *ctx)
{
    char comm[16];
    __u32 zero = 0;
    struct big *b;
    int i;

    bpf_get_current_comm(comm, sizeof(comm));
    if (comm[0] != 'e' || comm[1] != 'c' || comm[2] != 'l' || comm[3] != 'i' || comm[4] != '-' || comm[5] != 'b')
        return 0;
    b = bpf_map_lookup_elem(&scratch, &zero);
    if (!b)
        return 0;
    for (i = 0; i < BURST; i++) {
        b->seq = i;
        bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, b, sizeof(*b));
    }
    return 0;
}
