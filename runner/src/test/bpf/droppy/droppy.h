/* Test-only: big events into a one-page ring buffer, so most are dropped under a flood. */
#ifndef __DROPPY_H
#define __DROPPY_H

struct big_event {
    unsigned long long seq;
    char pad[504];
};

#endif
