// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * xdpcount: counts the packets of one network interface by IP protocol (ICMP 1, TCP 6, UDP 17,
 * ICMPv6 58; key 0 for frames that are not IP, such as ARP): what arrives, with an XDP
 * program, and what leaves, with a tc classifier on egress. Neither section names the
 * interface: package.yaml attaches both to the one given with --interface, and the runner
 * prints both per-CPU arrays (summed over CPUs) when it stops.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "xdpcount.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define TC_ACT_OK 0

/* Received, by IP protocol. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 256);
    __type(key, __u32);
    __type(value, struct proto_stats);
} rx_protos SEC(".maps");

/* Sent, by IP protocol. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 256);
    __type(key, __u32);
    __type(value, struct proto_stats);
} tx_protos SEC(".maps");

/* The interface to count on (read by the runner, which attaches both programs to it). */
const volatile char ifname[16] = "";

/* The IP protocol of an Ethernet frame, or 0 when it is not IP (or too short to tell). */
static __always_inline __u32 protocol_of(void *data, void *end)
{
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > end)
        return 0;
    if (eth->h_proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = (void *)(eth + 1);
        if ((void *)(ip + 1) > end)
            return 0;
        return ip->protocol;
    }
    if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = (void *)(eth + 1);
        if ((void *)(ip6 + 1) > end)
            return 0;
        return ip6->nexthdr;
    }
    return 0;
}

static __always_inline void count(void *map, void *data, void *end)
{
    __u32 key = protocol_of(data, end);
    struct proto_stats *s = bpf_map_lookup_elem(map, &key);

    if (s) {
        s->packets++;
        s->octets += end - data;
    }
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
    count(&rx_protos, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
    return XDP_PASS;
}

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
    count(&tx_protos, (void *)(long)skb->data, (void *)(long)skb->data_end);
    return TC_ACT_OK;
}
