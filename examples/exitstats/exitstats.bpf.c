// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * exitstats: counts process exits by command, exit code and signal, and keeps a log2
 * histogram of process lifetimes (milliseconds) per command, in maps only: no events. Made for
 * 'ecli-java run exitstats --metrics :9435' (package.yaml: metrics), which serves the counts as
 * a Prometheus counter and gauge and the lifetimes as a histogram; without --metrics the runner
 * prints both maps when stopped.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "exitstats.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct exit_key);
    __type(value, struct exit_tally);
} exit_counts SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct comm_key);
    __type(value, struct age_hist);
} ages SEC(".maps");

static const struct exit_tally zero_tally;
static const struct age_hist zero_hist;

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

SEC("tp/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template *ctx)
{
    __u64 id = bpf_get_current_pid_tgid();
    struct task_struct *task;
    struct exit_key key = {};
    struct comm_key ckey = {};
    struct exit_tally *tally;
    struct age_hist *hist;
    __u64 age_ms, slot;
    int status;

    /* processes only: a thread's exit is not the process's */
    if ((__u32)(id >> 32) != (__u32)id)
        return 0;

    task = (struct task_struct *)bpf_get_current_task();
    status = BPF_CORE_READ(task, exit_code);
    age_ms = (bpf_ktime_get_ns() - BPF_CORE_READ(task, start_time)) / 1000000;

    bpf_get_current_comm(&key.comm, sizeof(key.comm));
    key.exit_code = (status >> 8) & 0xff;
    key.sig = status & 0x7f;
    tally = bpf_map_lookup_elem(&exit_counts, &key);
    if (!tally) {
        bpf_map_update_elem(&exit_counts, &key, &zero_tally, BPF_NOEXIST);
        tally = bpf_map_lookup_elem(&exit_counts, &key);
        if (!tally)
            return 0;
    }
    __sync_fetch_and_add(&tally->n_exited, 1);
    tally->last_age_ms = age_ms;

    __builtin_memcpy(ckey.comm, key.comm, sizeof(ckey.comm));
    hist = bpf_map_lookup_elem(&ages, &ckey);
    if (!hist) {
        bpf_map_update_elem(&ages, &ckey, &zero_hist, BPF_NOEXIST);
        hist = bpf_map_lookup_elem(&ages, &ckey);
        if (!hist)
            return 0;
    }
    slot = log2_u64(age_ms);
    if (slot >= AGE_SLOTS)
        slot = AGE_SLOTS - 1;
    __sync_fetch_and_add(&hist->age_slots[slot], 1);
    return 0;
}
