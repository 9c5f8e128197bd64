// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* opensnoop: one event per openat() call, from the syscall's entry tracepoint. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "opensnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Trace this process only (0: every process). */
const volatile pid_t target_pid = 0;

SEC("tp/syscalls/sys_enter_openat")
int trace_openat(struct trace_event_raw_sys_enter *ctx)
{
    pid_t pid = bpf_get_current_pid_tgid() >> 32;
    struct event *e;

    if (target_pid && target_pid != pid)
        return 0;

    e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
    if (!e)
        return 0;
    e->pid = pid;
    bpf_get_current_comm(&e->comm, sizeof(e->comm));
    /* openat(dirfd, pathname, flags, mode): the path is the second argument. */
    bpf_probe_read_user_str(&e->filename, sizeof(e->filename), (const char *)ctx->args[1]);
    bpf_ringbuf_submit(e, 0);
    return 0;
}
