/* Test-only event: one member of every kind the decoder's JSON contract covers. */
#ifndef __ALLKINDS_H
#define __ALLKINDS_H

enum color { RED = 0, GREEN = 1, BLUE = 2 };

struct inner {
    unsigned short a;
    signed char b;
};

union num {
    unsigned int u;
    float f;
};

struct allkinds {
    int pid;
    unsigned char u8max;
    signed char s8min;
    unsigned short u16max;
    short s16min;
    unsigned int u32max;
    int s32min;
    unsigned long long u64max;
    long long s64min;
    long long s64max;
    _Bool yes;
    _Bool no;
    char with_nul[8];
    char no_nul[4];
    enum color named;
    enum color unnamed;
    struct inner nested;
    int arr[3];
    union num un;
    unsigned int bf_a : 3;
    unsigned int bf_b : 5;
    int bf_c : 4;
    float fl;
    double dbl;
    struct {
        int anon_x;
    };
    unsigned int exit_code;
};

#endif
