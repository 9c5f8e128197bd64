/* The record sigsnoop sends to user space: one per kill(), tkill() or tgkill() call. */
#ifndef SIGSNOOP_H
#define SIGSNOOP_H

#define TASK_COMM_LEN 16

typedef __u64 ecli_cgroup_id;

struct event {
    __u32 pid;                /* the sender's process id */
    int tpid;                 /* the target: a process id (kill; negative: a process group) or thread id */
    int sig;                  /* the signal number (0: only checks that the target exists) */
    int retval;               /* what the call returned: 0, or -errno */
    char comm[TASK_COMM_LEN]; /* the sender's command */
    ecli_cgroup_id cgroup_id; /* the sender's cgroup v2 id; the typedef asks --enrich to name it */
};

#endif /* SIGSNOOP_H */
