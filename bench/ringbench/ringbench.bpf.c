/* Bench-only package: one 64-byte event per getppid() of the target process, with counters
 * of events produced and of reserves that failed (drops), so consumers can be compared. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct bench_event {
    __u64 seq;
    __u64 ts_ns;
    __u32 pid;
    __u32 cpu;
    char comm[16];
    __u64 a;
    __u64 b;
    __u64 c;
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 16 * 1024 * 1024);
} events SEC(".maps");

const volatile __u32 target_tgid = 0;
__u64 produced = 0;
__u64 dropped = 0;

const volatile struct bench_event *keep_bench_event __attribute__((unused));

SEC("tp/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
    __u64 id = bpf_get_current_pid_tgid();
    struct bench_event *e;

    if ((id >> 32) != target_tgid)
        return 0;
    e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        __sync_fetch_and_add(&dropped, 1);
        return 0;
    }
    e->seq = __sync_fetch_and_add(&produced, 1);
    e->ts_ns = bpf_ktime_get_ns();
    e->pid = id >> 32;
    e->cpu = bpf_get_smp_processor_id();
    bpf_get_current_comm(&e->comm, sizeof(e->comm));
    e->a = 1;
    e->b = 2;
    e->c = 3;
    bpf_ringbuf_submit(e, 0);
    return 0;
}
