// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test-only: one program in section cgroup_skb/ingress, sending who ran when it fired. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "../hit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("cgroup_skb/ingress")
int prog(struct __sk_buff *skb)
{
    send();
    return 1;
}
