/*
 * What every section test program sends through its ring buffer: who was running when it
 * fired. Shared by the packages under sections/ (each includes it as "../hit.h" after
 * vmlinux.h and bpf_helpers.h).
 */
#ifndef HIT_H
#define HIT_H
struct hit {
    __u32 pid;
    char comm[16];
};
/* Keeps struct hit in the object's BTF, where the runner finds the exported layout. */
const volatile struct hit *keep_hit __attribute__((unused));

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 * 1024);
} rb SEC(".maps");

/* Sends the current process's pid and comm. */
static __always_inline int send(void)
{
    struct hit *h = bpf_ringbuf_reserve(&rb, sizeof(*h), 0);

    if (!h)
        return 0;
    h->pid = bpf_get_current_pid_tgid() >> 32;
    bpf_get_current_comm(h->comm, sizeof(h->comm));
    bpf_ringbuf_submit(h, 0);
    return 0;
}
#endif
