/* What the xdp example counts, per IP protocol (the map's key): packets and their bytes. */
#ifndef XDP_EXAMPLE_H
#define XDP_EXAMPLE_H

struct proto_stats {
    __u64 packets;  /* frames seen */
    __u64 octets;   /* their length, Ethernet header included */
};

#endif /* XDP_EXAMPLE_H */
