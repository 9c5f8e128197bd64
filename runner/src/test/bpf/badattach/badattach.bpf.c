/* Test-only: a tracepoint that does not exist, so attaching must fail with a clear message. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct event {
    int value;
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} events SEC(".maps");

const volatile struct event *keep_event __attribute__((unused));

SEC("tp/ecli_no_such_category/ecli_no_such_event")
int never(void *ctx)
{
    return 0;
}
