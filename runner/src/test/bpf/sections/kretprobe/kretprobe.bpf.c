// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test-only: one program in section kretprobe/do_unlinkat, sending who ran when it fired. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "../hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(prog)
{
    send();
    return 0;
}
