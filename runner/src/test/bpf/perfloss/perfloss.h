/* Test-only: a record large enough that one burst overflows a perf buffer's per-CPU ring. */
#ifndef PERFLOSS_H
#define PERFLOSS_H
struct big {
    __u32 seq;
    __u8 pad[3996];
};
#endif
