// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mountcalls: mount() and umount2() calls with their arguments, outcome and the caller's working
 * directory. The arguments are a union chosen by op, and the directory is read from the dentry
 * up to the root, so its components come innermost first: the manifest says how to show both.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "mountcalls.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_ENTRIES 1024
#define MAX_DEPTH 16

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Calls in flight, by thread id, until the syscall returns. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, __u32);
    __type(value, struct event);
} inflight SEC(".maps");

/* A scratch event: too big for the stack. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct event);
} scratch SEC(".maps");

/* Trace this process only (0: every process). */
const volatile pid_t target_pid = 0;

/* Writes the working directory's names, innermost first, each ending in NUL. */
static void read_cwd(struct event *e)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct dentry *d = BPF_CORE_READ(task, fs, pwd.dentry);
    __u32 off = 0;

    for (int i = 0; i < MAX_DEPTH; i++) {
        struct dentry *parent = BPF_CORE_READ(d, d_parent);
        if (!parent || parent == d)
            break;
        const unsigned char *name = BPF_CORE_READ(d, d_name.name);
        if (off > CWD_LEN - NAME_LEN)
            break;
        long n = bpf_probe_read_kernel_str(&e->work_dir[off & (CWD_LEN - 1)], NAME_LEN, name);
        if (n <= 0)
            break;
        off += n;
        d = parent;
    }
}

static int enter(enum mount_op op, const char *source, const char *target, const char *fstype, __u64 flags)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    __u32 pid = pid_tgid >> 32, tid = (__u32)pid_tgid, zero = 0;
    struct event *e = bpf_map_lookup_elem(&scratch, &zero);

    if (!e || (target_pid && pid != target_pid))
        return 0;
    __builtin_memset(e, 0, sizeof(*e));
    e->pid = pid;
    e->call_op = op;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    if (op == OP_MOUNT) {
        bpf_probe_read_user_str(e->call_args.mount.source, sizeof(e->call_args.mount.source), source);
        bpf_probe_read_user_str(e->call_args.mount.target, sizeof(e->call_args.mount.target), target);
        bpf_probe_read_user_str(e->call_args.mount.fstype, sizeof(e->call_args.mount.fstype), fstype);
        e->call_args.mount.flags = flags;
    } else {
        bpf_probe_read_user_str(e->call_args.umount.target, sizeof(e->call_args.umount.target), target);
        e->call_args.umount.flags = (int)flags;
    }
    read_cwd(e);
    bpf_map_update_elem(&inflight, &tid, e, BPF_ANY);
    return 0;
}

static int leave(long ret)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct event *e = bpf_map_lookup_elem(&inflight, &tid);

    if (!e)
        return 0;
    e->call_ret = ret;
    bpf_ringbuf_output(&rb, e, sizeof(*e), 0);
    bpf_map_delete_elem(&inflight, &tid);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_mount")
int mount_entry(struct trace_event_raw_sys_enter *ctx)
{
    return enter(OP_MOUNT, (const char *)ctx->args[0], (const char *)ctx->args[1], (const char *)ctx->args[2],
                 ctx->args[3]);
}

SEC("tracepoint/syscalls/sys_exit_mount")
int mount_exit(struct trace_event_raw_sys_exit *ctx)
{
    return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_umount")
int umount_entry(struct trace_event_raw_sys_enter *ctx)
{
    return enter(OP_UMOUNT, 0, (const char *)ctx->args[0], 0, ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_exit_umount")
int umount_exit(struct trace_event_raw_sys_exit *ctx)
{
    return leave(ctx->ret);
}
