#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "exitsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Keeps struct event in BTF: clang drops types used only through local pointers. */
const volatile struct event *unused_event __attribute__((unused));

/* Parameters (ecli-java turns each into a run option; see package.yaml), as in libbpf-tools. */
const volatile pid_t target_pid = 0;
const volatile bool trace_failed_only = false;
const volatile bool trace_by_thread = false;
const volatile bool filter_cg = false;

/* Exits not reported because the ring buffer was full (the manifest's drop counter). */
__u64 dropped = 0;

/* The cgroup to trace (slot 0), filled by the runner from the --cgroup path. */
struct {
    __uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
    __type(key, u32);
    __type(value, u32);
    __uint(max_entries, 1);
} cgroup_map SEC(".maps");

SEC("tp/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template* ctx)
{
    struct task_struct *task;
    struct event *e;
    pid_t pid, tid;
    u64 id, ts, *start_ts, start_time = 0;
    int status;

    if (filter_cg && !bpf_current_task_under_cgroup(&cgroup_map, 0))
        return 0;

    /* get PID and TID of exiting thread/process */
    id = bpf_get_current_pid_tgid();
    pid = id >> 32;
    tid = (u32)id;

    if (target_pid && target_pid != pid)
        return 0;

    /* ignore thread exits, unless asked for them */
    if (!trace_by_thread && pid != tid)
        return 0;

    task = (struct task_struct *)bpf_get_current_task();
    status = BPF_CORE_READ(task, exit_code);
    if (trace_failed_only && status == 0)
        return 0;

    /* reserve sample from BPF ringbuf */
    e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
    if (!e) {
        __sync_fetch_and_add(&dropped, 1);
        return 0;
    }

    /* fill out the sample with data */
    start_time = BPF_CORE_READ(task, start_time);

    e->duration_ns = bpf_ktime_get_ns() - start_time;
    e->pid = pid;
    e->ppid = BPF_CORE_READ(task, real_parent, tgid);
    e->exit_code = (status >> 8) & 0xff;
    e->tid = tid;
    e->sig = status & 0x7f;
    e->core_dumped = (status & 0x80) != 0;
    bpf_get_current_comm(&e->comm, sizeof(e->comm));
    e->cgroup_id = bpf_get_current_cgroup_id();

    /* send data to user-space for post-processing */
    bpf_ringbuf_submit(e, 0);
    return 0;
}
