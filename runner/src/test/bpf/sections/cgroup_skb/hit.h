/* What every section test program sends: who was running when it fired. */
#ifndef HIT_H
#define HIT_H
struct hit {
    __u32 pid;
    char comm[16];
};
#endif
