/* exitstats: process exits counted per command, exit code and signal, and lifetimes as a log2 histogram. */
#ifndef EXITSTATS_H
#define EXITSTATS_H

#define TASK_COMM_LEN 16
#define AGE_SLOTS 32

/* Who exited how: the key of exit_counts. */
struct exit_key {
    char comm[TASK_COMM_LEN];  /* the process's command */
    __u32 exit_code;           /* its exit status (0 when killed by a signal) */
    __u32 sig;                 /* the signal that killed it, or 0 */
};

/* What exit_counts holds per key. */
struct exit_tally {
    __u64 n_exited;            /* exits so far (a running total) */
    __u64 last_age_ms;         /* the lifetime of the latest, in milliseconds */
};

/* The key of ages: one histogram per command. */
struct comm_key {
    char comm[TASK_COMM_LEN];
};

/* Lifetimes in ms: slot i counts 2^i to 2^(i+1)-1 (slot 0: 0 and 1); the last slot also longer ones. */
struct age_hist {
    __u32 age_slots[AGE_SLOTS];
};

#endif /* EXITSTATS_H */
