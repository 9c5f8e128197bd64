/* The record mountcalls sends: one per mount() or umount2() call, with the caller's working directory. */
#ifndef MOUNTCALLS_H
#define MOUNTCALLS_H

#define TASK_COMM_LEN 16
#define NAME_LEN 64
#define CWD_LEN 256

enum mount_op {
    OP_MOUNT = 0,
    OP_UMOUNT = 1,
};

struct mount_args {
    char source[NAME_LEN];
    char target[NAME_LEN];
    char fstype[16];
    __u64 flags;
};

struct umount_args {
    char target[NAME_LEN];
    int flags;
};

struct event {
    __u32 pid;
    int call_ret;             /* 0, or -errno */
    int call_op;              /* which arm of call_args holds the call's arguments: OP_MOUNT or OP_UMOUNT */
    char comm[TASK_COMM_LEN];
    union {
        struct mount_args mount;
        struct umount_args umount;
    } call_args;
    /* the working directory's components, innermost first, each ending in NUL: "b\0a\0" for /a/b */
    char work_dir[CWD_LEN];
};

#endif /* MOUNTCALLS_H */
