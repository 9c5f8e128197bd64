// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bashreadline: the lines typed into bash, read where readline() returns them. The section
 * leaves the target open: package.yaml attaches the program to the binary named by the
 * 'shell' parameter and the symbol 'readline', so the shell is chosen at run time
 * (--shell /usr/local/bin/bash), which a section name cannot do.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bashreadline.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* The shell whose readline() is traced (read by the runner, not by the program). */
const volatile char shell[128] = "/bin/bash";
/* Trace this process only (0: every process running the shell). */
const volatile pid_t target_pid = 0;

SEC("uretprobe")
int BPF_KRETPROBE(printret, const void *ret)
{
    struct event *e;
    pid_t pid = bpf_get_current_pid_tgid() >> 32;

    if (!ret)
        return 0;
    if (target_pid && target_pid != pid)
        return 0;
    e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
    if (!e)
        return 0;
    e->pid = pid;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_probe_read_user_str(e->input, sizeof(e->input), ret);
    bpf_ringbuf_submit(e, 0);
    return 0;
}
