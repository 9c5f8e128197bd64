/* One 512-byte event per getppid() of target_tgid into a 4 KiB ring; failed reserves are
 * counted in `dropped` (the manifest's drop counter), attempts in `attempted`. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "droppy.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} events SEC(".maps");

const volatile __u32 target_tgid = 0;
__u64 dropped = 0;
__u64 attempted = 0;

const volatile struct big_event *keep_big_event __attribute__((unused));

SEC("tp/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
    struct big_event *e;

    if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
        return 0;
    __u64 seq = __sync_fetch_and_add(&attempted, 1);
    e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        __sync_fetch_and_add(&dropped, 1);
        return 0;
    }
    e->seq = seq;
    bpf_ringbuf_submit(e, 0);
    return 0;
}
