// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * runqlat: run-queue latency, the time from a task becoming runnable (woken, or preempted
 * while still running) to it getting a CPU, as a log2 histogram in the manner of
 * libbpf-tools' runqlat. BTF-enabled tracepoints (tp_btf) read the task structs directly.
 * The runner prints the 'hists' map itself (package.yaml: maps.hists), one histogram per
 * process with --per-process, else one for the whole machine.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "runqlat.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TASK_RUNNING 0

/* When each thread became runnable, by thread id. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, __u64);
} start SEC(".maps");

/* Histograms, by process id (per-process mode) or all in key 0. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, struct hist);
} hists SEC(".maps");

/* One histogram per process instead of one for all. */
const volatile bool per_process = false;
/* Trace this process only (0: every process). */
const volatile pid_t targ_tgid = 0;
/* Print the histograms every this many milliseconds (0: once, when stopped). */
const volatile __u32 interval_ms = 0;

static const struct hist zero;

static __u64 log2_u32(__u32 v)
{
    __u32 shift, r;

    r = (v > 0xFFFF) << 4; v >>= r;
    shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
    shift = (v > 0xF) << 2; v >>= shift; r |= shift;
    shift = (v > 0x3) << 1; v >>= shift; r |= shift;
    r |= (v >> 1);
    return r;
}

static __u64 log2_u64(__u64 v)
{
    __u32 hi = v >> 32;
    return hi ? log2_u32(hi) + 32 : log2_u32(v);
}

static int enqueue(__u32 tgid, __u32 pid)
{
    __u64 ts;

    if (!pid)
        return 0;
    if (targ_tgid && targ_tgid != tgid)
        return 0;
    ts = bpf_ktime_get_ns();
    bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
    return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(sched_wakeup, struct task_struct *p)
{
    return enqueue(p->tgid, p->pid);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(sched_wakeup_new, struct task_struct *p)
{
    return enqueue(p->tgid, p->pid);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    struct hist *histp;
    __u64 *tsp, slot, delta;
    __u32 pid, key;

    /* Preempted while runnable: it waits again from now. */
    if (BPF_CORE_READ(prev, __state) == TASK_RUNNING)
        enqueue(prev->tgid, prev->pid);

    pid = next->pid;
    tsp = bpf_map_lookup_elem(&start, &pid);
    if (!tsp)
        return 0;
    delta = (bpf_ktime_get_ns() - *tsp) / 1000;
    key = per_process ? next->tgid : 0;
    histp = bpf_map_lookup_elem(&hists, &key);
    if (!histp) {
        bpf_map_update_elem(&hists, &key, &zero, BPF_NOEXIST);
        histp = bpf_map_lookup_elem(&hists, &key);
        if (!histp)
            goto cleanup;
    }
    if (per_process)
        bpf_probe_read_kernel_str(&histp->comm, sizeof(histp->comm), next->comm);
    slot = log2_u64(delta);
    if (slot >= MAX_SLOTS)
        slot = MAX_SLOTS - 1;
    __sync_fetch_and_add(&histp->slots[slot], 1);
cleanup:
    bpf_map_delete_elem(&start, &pid);
    return 0;
}
