// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test-only: a USDT probe, hotspot:thread__start in the libjvm.so named by --jvm, sending
 * who started a thread and the thread's name (its first argument, a pointer, and second, a length).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "../hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The libjvm.so to probe (read by the runner). */
const volatile char jvm[256] = "";

SEC("usdt")
int BPF_USDT(prog, const char *name, long len)
{
    struct hit *h = bpf_ringbuf_reserve(&rb, sizeof(*h), 0);

    if (!h)
        return 0;
    h->pid = bpf_get_current_pid_tgid() >> 32;
    __builtin_memset(h->comm, 0, sizeof(h->comm));
    bpf_probe_read_user(h->comm, len < (long)sizeof(h->comm) - 1 ? len & 15 : sizeof(h->comm) - 1, name);
    bpf_ringbuf_submit(h, 0);
    return 0;
}
