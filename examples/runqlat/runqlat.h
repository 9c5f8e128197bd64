/* runqlat's histogram: how long tasks waited on a run queue, in log2 buckets of microseconds. */
#ifndef RUNQLAT_H
#define RUNQLAT_H

#define TASK_COMM_LEN 16
#define MAX_SLOTS 26

struct hist {
    __u32 slots[MAX_SLOTS];    /* slot i: waits of 2^i to 2^(i+1)-1 us (slot 0: 0 and 1 us) */
    char comm[TASK_COMM_LEN];  /* per-process mode: the process's command */
};

#endif /* RUNQLAT_H */
