/* What the harnesses read about the tracer they run, from /proc. */
#ifndef PROCSTAT_H
#define PROCSTAT_H
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* user+system CPU seconds of a process (all threads) so far, 10 ms steps; 0 when it is gone. */
static double proc_cpu(pid_t pid)
{
    char path[64], text[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t len = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[len] = 0;
    char *p = strrchr(text, ')'); /* the command may hold spaces; fields resume after ')' */
    unsigned long ut = 0, st = 0;
    if (p)
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
    return (ut + st) / (double)sysconf(_SC_CLK_TCK);
}
#endif
