/* What xdpcount counts, per IP protocol (the map's key): packets and their bytes. */
#ifndef XDPCOUNT_H
#define XDPCOUNT_H

struct proto_stats {
    __u64 packets;  /* frames seen */
    __u64 octets;   /* their length, Ethernet header included */
};

#endif /* XDPCOUNT_H */
