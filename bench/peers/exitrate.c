/* A steady rate of process exits: forks RATE children a second for SECONDS, each exiting at
 * once (fork, _exit, reaped), named NAME (prctl before the fork; children inherit it). Ticks
 * are absolute (clock_nanosleep), so a late tick is caught up and the rate holds on average.
 *
 * Usage: exitrate RATE SECONDS NAME
 * Prints one line at the end: produced=N seconds=S rate=R
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: exitrate RATE SECONDS NAME\n");
        return 2;
    }
    long rate = atol(argv[1]), seconds = atol(argv[2]);
    if (rate <= 0 || seconds <= 0)
        return 2;
    prctl(PR_SET_NAME, argv[3], 0, 0, 0);
    struct timespec t0, next;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    next = t0;
    long step = 1000000000L / rate, produced = 0, total = rate * seconds;
    while (produced < total) {
        pid_t p = fork();
        if (p == 0)
            _exit(0);
        if (p > 0) {
            waitpid(p, NULL, 0);
            produced++;
        }
        next.tv_nsec += step;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    prctl(PR_SET_NAME, "exitrate", 0, 0, 0); /* its own exit is not one of them */
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("produced=%ld seconds=%.1f rate=%.1f\n", produced, s, produced / s);
    return 0;
}
