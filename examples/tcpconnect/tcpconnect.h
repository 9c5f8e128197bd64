/*
 * The records tcpconnect sends to user space, one per TCP connect() that completes or fails:
 * IPv4 connections on one perf event array, IPv6 ones on another, each with its own struct.
 */
#ifndef TCPCONNECT_H
#define TCPCONNECT_H

#define TASK_COMM_LEN 16

/* How the connect ended. */
enum connect_outcome {
    CONNECTED = 1,  /* SYN_SENT -> ESTABLISHED: the peer accepted */
    FAILED = 2,     /* SYN_SENT -> CLOSE: refused, reset or timed out */
};

struct ipv4_flow {
    int pid;                   /* the process that called connect() */
    __u32 saddr;               /* source address, network order */
    __u32 daddr;               /* destination address, network order */
    __u16 sport;               /* source port */
    __u16 dport;               /* destination port */
    enum connect_outcome outcome;
    __u64 latency_ns;          /* from SYN sent to the outcome */
    char comm[TASK_COMM_LEN];  /* the calling command */
};

struct ipv6_flow {
    int pid;
    __u8 saddr[16];            /* source address, network order */
    __u8 daddr[16];            /* destination address, network order */
    __u16 sport;
    __u16 dport;
    enum connect_outcome outcome;
    __u64 latency_ns;
    char comm[TASK_COMM_LEN];
};

#endif /* TCPCONNECT_H */
