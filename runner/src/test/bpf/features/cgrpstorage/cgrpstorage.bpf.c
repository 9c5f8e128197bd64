/* Needs a map type that came in Linux 6.2 (cgroup local storage): loads on newer kernels; on older
 * ones the runner must name the missing map type (scripts/guest/cases.sh runs it on 6.1). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../sections/hit.h"

char LICENSE[] SEC("license") = "GPL";

struct {
    __uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, __u64);
} seen SEC(".maps");

SEC("tp/sched/sched_process_exit")
int on_exit(void *ctx)
{
    return send();
}
