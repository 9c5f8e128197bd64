/* The record execsnoop sends to user space: one per execve() call, sent when it returns. */
#ifndef EXECSNOOP_H
#define EXECSNOOP_H

#define TASK_COMM_LEN 16
#define MAX_ARGS 16   /* arguments kept; later ones are counted in argc but not copied */
#define ARG_LEN 64    /* bytes kept of each argument, with its NUL */

struct event {
    int pid;                     /* the process that called execve() */
    int ppid;                    /* its parent */
    __u32 user_id;               /* its real user id */
    int retval;                  /* 0, or -errno when the exec failed */
    int argc;                    /* how many arguments there were (argv holds the first MAX_ARGS) */
    char comm[TASK_COMM_LEN];    /* the command after the exec (before it, when it failed) */
    char argv[MAX_ARGS][ARG_LEN]; /* the arguments, argv[0] first; unused slots are empty */
    __u64 cgroup_id;             /* its cgroup v2 id (the manifest marks it format: cgroup) */
};

#endif /* EXECSNOOP_H */
