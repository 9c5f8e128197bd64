// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * execsnoop: every execve(), with its arguments and result, in the manner of libbpf-tools'
 * execsnoop: the syscall's entry copies the arguments into a per-thread slot, its exit adds
 * the result and sends the slot.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "execsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* execve() calls in flight, by thread id. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, struct event);
} execs SEC(".maps");

/* Trace this user id only (-1: every user). */
const volatile __u32 uid_filter = (__u32)-1;
/* Leave out failed execs. */
const volatile bool ignore_failed = false;

static const struct event empty_event = {};

SEC("tp/syscalls/sys_enter_execve")
int exec_entry(struct trace_event_raw_sys_enter *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)pid_tgid;
    __u32 user = (__u32)bpf_get_current_uid_gid();
    const char *const *args = (const char *const *)ctx->args[1];
    struct task_struct *task;
    struct event *e;
    const char *argp;
    int i;

    if (uid_filter != (__u32)-1 && user != uid_filter)
        return 0;
    if (bpf_map_update_elem(&execs, &tid, &empty_event, BPF_ANY))
        return 0;
    e = bpf_map_lookup_elem(&execs, &tid);
    if (!e)
        return 0;
    e->pid = pid_tgid >> 32;
    e->user_id = user;
    task = (struct task_struct *)bpf_get_current_task();
    e->ppid = BPF_CORE_READ(task, real_parent, tgid);
    for (i = 0; i < 1024; i++) {
        if (bpf_probe_read_user(&argp, sizeof(argp), &args[i]) || !argp)
            break;
        if (i < MAX_ARGS)
            bpf_probe_read_user_str(e->argv[i], ARG_LEN, argp);
    }
    e->argc = i;
    return 0;
}

SEC("tp/syscalls/sys_exit_execve")
int exec_exit(struct trace_event_raw_sys_exit *ctx)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct event *e = bpf_map_lookup_elem(&execs, &tid);

    if (!e)
        return 0;
    e->retval = ctx->ret;
    if (!ignore_failed || e->retval >= 0) {
        bpf_get_current_comm(e->comm, sizeof(e->comm));
        e->cgroup_id = bpf_get_current_cgroup_id();
        bpf_ringbuf_output(&rb, e, sizeof(*e), 0);
    }
    bpf_map_delete_elem(&execs, &tid);
    return 0;
}
