#ifndef TWORINGS_H
#define TWORINGS_H

/* One per getppid() of target_tgid, into ring `first`. */
struct first_event {
    __u32 pid;
    __u32 pad;
    __u64 seq;
};

/* One per getpgid(asked) of target_tgid, into ring `second`. */
struct second_event {
    __u32 pid;
    __s32 asked;
    __u64 seq;
};

#endif
