// SPDX-License-Identifier: GPL-2.0
/*
 * The runner's own program for --enrich: each process's command line as its last exec left it,
 * kept by process id, so that a process that has exited (or exec'd again) by the time user space
 * decodes its events still has the right one. /proc is read only for processes older than the run.
 * Built by: clang -O2 -g -target bpf -I/usr/include/$(uname -m)-linux-gnu -c exec_args.bpf.c -o ../resources/dev/ecli/runner/session/exec_args.bpf.o
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define ARGS_MAX 1024

/* Only the members read here; CO-RE finds them in the running kernel. */
struct mm_struct {
    unsigned long arg_start;
    unsigned long arg_end;
} __attribute__((preserve_access_index));

struct task_struct {
    struct mm_struct *mm;
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

SEC("tp/sched/sched_process_exec")
int remember_args(void *ctx)
{
    __u32 zero = 0;
    struct exec_args *a = bpf_map_lookup_elem(&scratch, &zero);
    if (!a)
        return 0;
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct mm_struct *mm = BPF_CORE_READ(task, mm);
    unsigned long start = BPF_CORE_READ(mm, arg_start);
    unsigned long len = BPF_CORE_READ(mm, arg_end) - start;
    if (len >= ARGS_MAX)
        len = ARGS_MAX - 1;
    len &= ARGS_MAX - 1; /* for the verifier */
    if (bpf_probe_read_user(a->args, len, (void *)start) != 0)
        return 0;
    a->len = len;
    __u32 process = bpf_get_current_pid_tgid() >> 32;
    bpf_map_update_elem(&exec_args, &process, a, BPF_ANY);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
