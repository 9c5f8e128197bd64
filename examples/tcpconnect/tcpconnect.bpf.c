// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tcpconnect: TCP connects, from the sock/inet_sock_set_state tracepoint alone (no kprobes).
 * The move to SYN_SENT happens in the connecting process: remember it, with the time, by
 * socket. The move out of SYN_SENT (to ESTABLISHED, or CLOSE on failure) may happen in any
 * context, but by then the source port is known: send the event, addresses and ports
 * included, to the perf event array of the socket's family.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tcpconnect.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, sizeof(__u32));
} ipv4_events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, sizeof(__u32));
} ipv6_events SEC(".maps");

struct connect_start {
    __u64 ts;
    int pid;
    char comm[TASK_COMM_LEN];
};

/* Sockets in SYN_SENT, by address. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, const void *);
    __type(value, struct connect_start);
} starts SEC(".maps");

/* Trace connects to this port only (0: every port). */
const volatile __u16 target_port = 0;
/* Trace this process only (0: every process). */
const volatile pid_t target_pid = 0;

SEC("tp/sock/inet_sock_set_state")
int on_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
    const void *sk = ctx->skaddr;
    struct connect_start *start;

    if (ctx->protocol != IPPROTO_TCP)
        return 0;
    if (ctx->newstate == TCP_SYN_SENT) {
        struct connect_start s = {};
        s.pid = bpf_get_current_pid_tgid() >> 32;
        if (target_pid && s.pid != target_pid)
            return 0;
        if (target_port && ctx->dport != target_port)
            return 0;
        s.ts = bpf_ktime_get_ns();
        bpf_get_current_comm(s.comm, sizeof(s.comm));
        bpf_map_update_elem(&starts, &sk, &s, BPF_ANY);
        return 0;
    }
    if (ctx->oldstate != TCP_SYN_SENT)
        return 0;
    start = bpf_map_lookup_elem(&starts, &sk);
    if (!start)
        return 0;
    enum connect_outcome outcome = ctx->newstate == TCP_ESTABLISHED ? CONNECTED : FAILED;
    __u64 latency = bpf_ktime_get_ns() - start->ts;
    if (ctx->family == AF_INET) {
        struct ipv4_flow e = {};
        e.pid = start->pid;
        bpf_probe_read_kernel(&e.saddr, 4, ctx->saddr);
        bpf_probe_read_kernel(&e.daddr, 4, ctx->daddr);
        e.sport = ctx->sport;
        e.dport = ctx->dport;
        e.outcome = outcome;
        e.latency_ns = latency;
        __builtin_memcpy(e.comm, start->comm, TASK_COMM_LEN);
        bpf_perf_event_output(ctx, &ipv4_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
    } else if (ctx->family == AF_INET6) {
        struct ipv6_flow e = {};
        e.pid = start->pid;
        bpf_probe_read_kernel(e.saddr, 16, ctx->saddr_v6);
        bpf_probe_read_kernel(e.daddr, 16, ctx->daddr_v6);
        e.sport = ctx->sport;
        e.dport = ctx->dport;
        e.outcome = outcome;
        e.latency_ns = latency;
        __builtin_memcpy(e.comm, start->comm, TASK_COMM_LEN);
        bpf_perf_event_output(ctx, &ipv6_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
    }
    bpf_map_delete_elem(&starts, &sk);
    return 0;
}
