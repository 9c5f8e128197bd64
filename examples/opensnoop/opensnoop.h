/* The record opensnoop sends to user space, one per openat() call. */
#ifndef OPENSNOOP_H
#define OPENSNOOP_H

#define TASK_COMM_LEN 16
#define FILENAME_LEN 256

struct event {
    int pid;                     /* process (thread group) id */
    char comm[TASK_COMM_LEN];    /* command name */
    char filename[FILENAME_LEN]; /* the path as passed to openat() */
};

#endif /* OPENSNOOP_H */
