/* Test-only: struct event is used only through a local pointer, so clang leaves it out of BTF. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct event {
    int value;
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} rb SEC(".maps");

SEC("tp/sched/sched_process_exit")
int on_exit(void *ctx)
{
    struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
    if (!e)
        return 0;
    e->value = 1;
    bpf_ringbuf_submit(e, 0);
    return 0;
}
