/* Two exported rings fed by two syscalls of one process, and a sampled map counting both:
 * each ring must reach the output while the other is idle, and the map print on its interval. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tworings.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 * 1024);
} first SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 * 1024);
} second SEC(".maps");

/* Calls seen, by syscall: 1 getppid, 2 getpgid. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
} calls SEC(".maps");

const volatile __u32 target_tgid = 0;

const volatile struct first_event *keep_first_event __attribute__((unused));
const volatile struct second_event *keep_second_event __attribute__((unused));

static __u64 count(__u32 which)
{
    __u64 one = 1, *n = bpf_map_lookup_elem(&calls, &which);

    if (n)
        return __sync_fetch_and_add(n, 1);
    bpf_map_update_elem(&calls, &which, &one, BPF_NOEXIST);
    return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
    struct first_event *e;
    __u32 pid = bpf_get_current_pid_tgid() >> 32;

    if (pid != target_tgid)
        return 0;
    __u64 seq = count(1);
    e = bpf_ringbuf_reserve(&first, sizeof(*e), 0);
    if (!e)
        return 0;
    e->pid = pid;
    e->pad = 0;
    e->seq = seq;
    bpf_ringbuf_submit(e, 0);
    return 0;
}

SEC("tp/syscalls/sys_enter_getpgid")
int on_getpgid(struct trace_event_raw_sys_enter *ctx)
{
    struct second_event *e;
    __u32 pid = bpf_get_current_pid_tgid() >> 32;

    if (pid != target_tgid)
        return 0;
    __u64 seq = count(2);
    e = bpf_ringbuf_reserve(&second, sizeof(*e), 0);
    if (!e)
        return 0;
    e->pid = pid;
    e->asked = (__s32)ctx->args[0];
    e->seq = seq;
    bpf_ringbuf_submit(e, 0);
    return 0;
}
