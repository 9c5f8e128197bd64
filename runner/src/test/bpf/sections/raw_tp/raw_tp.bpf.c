// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test-only: one program in section raw_tp/sched_process_exec, sending who ran when it fired. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 * 1024);
} rb SEC(".maps");

static __always_inline int send(void)
{
    struct hit *h = bpf_ringbuf_reserve(&rb, sizeof(*h), 0);

    if (!h)
        return 0;
    h->pid = bpf_get_current_pid_tgid() >> 32;
    bpf_get_current_comm(h->comm, sizeof(h->comm));
    bpf_ringbuf_submit(h, 0);
    return 0;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(prog)
{
    send();
    return 0;
}
