// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sigsnoop: signals sent with kill(), tkill() and tgkill(), with their outcome, in the manner
 * of libbpf-tools' sigsnoop: the syscall's entry stashes its arguments by thread, its exit
 * sends the event with the return value.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "sigsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_ENTRIES 10240

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Calls in flight, by thread id: their arguments until the syscall returns. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, __u32);
    __type(value, struct event);
} inflight SEC(".maps");

/* Trace signals sent by this process only (0: every process). */
const volatile pid_t filtered_pid = 0;
/* Trace this signal only (0: every signal). */
const volatile int target_signal = 0;
/* Trace failed calls only. */
const volatile bool failed_only = false;

static int probe_entry(pid_t tpid, int sig)
{
    struct event event = {};
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 pid = pid_tgid >> 32, tid = (__u32)pid_tgid;

    if (filtered_pid && pid != filtered_pid)
        return 0;
    if (target_signal && sig != target_signal)
        return 0;
    event.pid = pid;
    event.tpid = tpid;
    event.sig = sig;
    bpf_get_current_comm(event.comm, sizeof(event.comm));
    event.cgroup_id = bpf_get_current_cgroup_id();
    bpf_map_update_elem(&inflight, &tid, &event, BPF_ANY);
    return 0;
}

static int probe_exit(long retval)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct event *stashed, *e;

    stashed = bpf_map_lookup_elem(&inflight, &tid);
    if (!stashed)
        return 0;
    if (failed_only && retval >= 0)
        goto cleanup;
    e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
    if (!e)
        goto cleanup;
    *e = *stashed;
    e->retval = retval;
    bpf_ringbuf_submit(e, 0);
cleanup:
    bpf_map_delete_elem(&inflight, &tid);
    return 0;
}

/* kill(pid, sig) */
SEC("tp/syscalls/sys_enter_kill")
int kill_entry(struct trace_event_raw_sys_enter *ctx)
{
    return probe_entry((pid_t)ctx->args[0], (int)ctx->args[1]);
}

SEC("tp/syscalls/sys_exit_kill")
int kill_exit(struct trace_event_raw_sys_exit *ctx)
{
    return probe_exit(ctx->ret);
}

/* tkill(tid, sig) */
SEC("tp/syscalls/sys_enter_tkill")
int tkill_entry(struct trace_event_raw_sys_enter *ctx)
{
    return probe_entry((pid_t)ctx->args[0], (int)ctx->args[1]);
}

SEC("tp/syscalls/sys_exit_tkill")
int tkill_exit(struct trace_event_raw_sys_exit *ctx)
{
    return probe_exit(ctx->ret);
}

/* tgkill(tgid, tid, sig) */
SEC("tp/syscalls/sys_enter_tgkill")
int tgkill_entry(struct trace_event_raw_sys_enter *ctx)
{
    return probe_entry((pid_t)ctx->args[1], (int)ctx->args[2]);
}

SEC("tp/syscalls/sys_exit_tgkill")
int tgkill_exit(struct trace_event_raw_sys_exit *ctx)
{
    return probe_exit(ctx->ret);
}
