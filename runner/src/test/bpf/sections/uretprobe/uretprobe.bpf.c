// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test-only: one program in section uretprobe/libc.so.6:getpid, sending who ran when it fired. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "../hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("uretprobe/libc.so.6:getpid")
int BPF_KRETPROBE(prog)
{
    send();
    return 0;
}
