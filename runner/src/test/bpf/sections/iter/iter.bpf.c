// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test-only: an iterator over tasks: one hit per process (ring buffer) and its pid as text (seq_file). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "../hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("iter/task")
int prog(struct bpf_iter__task *ctx)
{
    struct task_struct *task = ctx->task;
    struct hit *h;

    if (!task || task->pid != task->tgid)
        return 0;
    h = bpf_ringbuf_reserve(&rb, sizeof(*h), 0);
    if (!h)
        return 0;
    h->pid = task->tgid;
    __builtin_memcpy(h->comm, task->comm, sizeof(h->comm));
    bpf_ringbuf_submit(h, 0);
    BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", task->tgid);
    return 0;
}
