// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test-only: one program in section ksyscall/kill, sending who ran when it fired. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "../hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("ksyscall/kill")
int BPF_KSYSCALL(prog, pid_t pid, int sig)
{
    send();
    return 0;
}
