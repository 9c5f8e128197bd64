// SPDX-License-Identifier: GPL-2.0
/*
 * The runner's own program for --enrich: each process's command line as its last exec left it,
 * kept by process id, so that a process that has exited (or exec'd again) by the time user space
 * decodes its events still has the right one. /proc is read only for processes older than the run.
 * Built by: clang -O2 -g -target bpf -I/usr/include/$(uname -m)-linux-gnu -ffile-prefix-map=$PWD=. -c exec_args.bpf.c -o ../resources/dev/ecli/runner/session/exec_args.bpf.o
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

#define ARGS_MAX 1024

/* Only the members read here; CO-RE finds them in the running kernel. */
struct mm_struct {
    unsigned long arg_start;
    unsigned long arg_end;
} __attribute__((preserve_access_index));

struct task_struct {
    struct mm_struct *mm;
    int pid;
    int tgid;
} __attribute__((preserve_access_index));

/* What an exec left: its argument bytes, NUL-separated, len of them. */
struct exec_args {
    __u32 len;
    char args[ARGS_MAX];
};

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, __u32);
    __type(value, struct exec_args);
} exec_args SEC(".maps");

/* A value is too big for the BPF stack. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct exec_args);
} scratch SEC(".maps");

/* Keeps the current process's command line under the id process. */
static __always_inline void remember(__u32 process)
{
    __u32 zero = 0;
    struct exec_args *a = bpf_map_lookup_elem(&scratch, &zero);
    if (!a)
        return;
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct mm_struct *mm = BPF_CORE_READ(task, mm);
    unsigned long start = BPF_CORE_READ(mm, arg_start);
    unsigned long len = BPF_CORE_READ(mm, arg_end) - start;
    if (len >= ARGS_MAX)
        len = ARGS_MAX - 1;
    len &= ARGS_MAX - 1; /* for the verifier */
    if (bpf_probe_read_user(a->args, len, (void *)start) != 0)
        return;
    a->len = len;
    bpf_map_update_elem(&exec_args, &process, a, BPF_ANY);
}

SEC("tp/sched/sched_process_exec")
int remember_exec(void *ctx)
{
    remember(bpf_get_current_pid_tgid() >> 32);
    return 0;
}

/* A new process (not a thread) starts with its parent's command line: current is the parent. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(remember_fork, struct task_struct *parent, struct task_struct *child)
{
    int pid = BPF_CORE_READ(child, pid);
    if (pid == BPF_CORE_READ(child, tgid))
        remember(pid);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
