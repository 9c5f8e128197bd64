/* Time to first event, and event latency: launches a tracer with its output on a pseudo-terminal
 * (as a user at a shell would) or, with -p, into a pipe (as `tracer | jq` or `> file`), and from
 * the moment of launch makes a short-lived "marker" process exit every INTERVAL_US microseconds;
 * prints the milliseconds from launch until the tracer's output first shows the marker's name.
 * With -l N it then makes N more exits, one at a time GAP_MS apart (a low rate), each under a
 * name of its own, and times each from just before its fork until its line is read. Then stops
 * the tracer with SIGINT (SIGKILL after 5 s).
 *
 * Usage: ttfe [-p] [-l N] [-g GAP_MS] MARKER INTERVAL_US TIMEOUT_MS -- COMMAND [ARGS...]
 * Prints: ttfe_ms=123.4 cpu_ms=120 [lat_median_ms=0.4 lat_p90_ms=0.6 lat_max_ms=1.1 lat_n=N]
 * (or ttfe_ms=timeout, exit 1); cpu_ms is the tracer's user+system CPU time by then, all threads
 * (10 ms steps): on a busy machine the wall time also counts waiting for a CPU, this does not.
 * A latency probe whose line does not come within TIMEOUT_MS counts as lat_lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "procstat.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One marker: a child that renames itself and exits at once. */
static void marker(const char *name)
{
    pid_t p = fork();
    if (p == 0) {
        prctl(PR_SET_NAME, name, 0, 0, 0);
        _exit(0);
    }
    if (p > 0)
        waitpid(p, NULL, 0);
}

static int out_fd;
static char buf[65536 + 64];
static size_t keep; /* bytes carried over so a name split across reads is still found */

/* Reads the tracer's output until NAME shows or DEADLINE passes; while waiting, makes a marker
 * exit every INTERVAL ms when INTERVAL > 0. Returns the time it was seen, -1 on timeout, -2 when
 * the tracer's output ended. */
static double await(const char *name, double deadline, double interval)
{
    size_t len0 = strlen(name);
    double next = now_ms();
    for (;;) {
        double t = now_ms();
        if (t > deadline)
            return -1;
        if (interval > 0 && t >= next) {
            marker(name);
            next = t + interval;
        }
        double until = interval > 0 ? next : deadline;
        int wait = (int)(until - now_ms());
        struct pollfd pfd = {.fd = out_fd, .events = POLLIN};
        int r = poll(&pfd, 1, wait < 0 ? 0 : wait > 100 ? 100 : wait);
        if (r > 0) {
            ssize_t n = read(out_fd, buf + keep, sizeof(buf) - 64 - keep);
            if (n <= 0)
                return -2; /* EIO once the terminal has no other end; 0 at a pipe's end */
            size_t len = keep + n;
            if (memmem(buf, len, name, len0)) {
                keep = 0;
                return now_ms();
            }
            keep = len < len0 ? len : len0 - 1;
            memmove(buf, buf + len - keep, keep);
        }
    }
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int use_pipe = 0, probes = 0, opt;
    double gap = 50;
    while ((opt = getopt(argc, argv, "+pl:g:")) != -1) {
        switch (opt) {
        case 'p': use_pipe = 1; break;
        case 'l': probes = atoi(optarg); break;
        case 'g': gap = atof(optarg); break;
        default: goto usage;
        }
    }
    argc -= optind - 1;
    argv += optind - 1;
    if (argc < 6 || strcmp(argv[4], "--") != 0) {
usage:
        fprintf(stderr, "usage: ttfe [-p] [-l N] [-g GAP_MS] MARKER INTERVAL_US TIMEOUT_MS -- COMMAND [ARGS...]\n");
        return 2;
    }
    const char *mark = argv[1];
    double interval = atof(argv[2]) / 1e3;
    double timeout = atof(argv[3]);

    double t0 = now_ms();
    pid_t tool;
    if (use_pipe) {
        int p[2];
        if (pipe(p) < 0) {
            perror("pipe");
            return 2;
        }
        tool = fork();
        if (tool == 0) {
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(p[1], 1);
            dup2(null, 2);
            close(p[0]);
            close(p[1]);
            execvp(argv[5], argv + 5);
            _exit(127);
        }
        close(p[1]);
        out_fd = p[0];
    } else {
        struct winsize ws = {.ws_row = 50, .ws_col = 200};
        tool = forkpty(&out_fd, NULL, NULL, &ws);
        if (tool == 0) {
            execvp(argv[5], argv + 5);
            perror(argv[5]);
            _exit(127);
        }
    }
    if (tool < 0) {
        perror("fork");
        return 2;
    }
    double found = await(mark, t0 + timeout, interval), cpu = found >= 0 ? proc_cpu(tool) * 1000 : -1;
    double *lat = calloc(probes > 0 ? probes : 1, sizeof(double));
    int got = 0, lost = 0;
    /* Markers sent before the first one was seen may still be arriving: let them pass. */
    if (found >= 0 && probes > 0)
        await("\001never\001", now_ms() + gap, 0);
    for (int i = 0; found >= 0 && i < probes; i++) {
        char name[16];
        snprintf(name, sizeof(name), "lat%05d", i);
        double sent = now_ms();
        marker(name);
        double seen = await(name, sent + timeout, 0);
        if (seen == -2)
            break;
        if (seen < 0)
            lost++;
        else
            lat[got++] = seen - sent;
        await("\001never\001", now_ms() + gap, 0); /* idle until the next probe */
    }
    kill(tool, SIGINT);
    /* Keep draining the output so the tool never blocks on a full pty or pipe while it stops. */
    double stop = now_ms();
    int status;
    while (waitpid(tool, &status, WNOHANG) == 0) {
        if (now_ms() - stop > 5000)
            kill(tool, SIGKILL);
        struct pollfd pfd = {.fd = out_fd, .events = POLLIN};
        if (poll(&pfd, 1, 10) > 0 && read(out_fd, buf, sizeof(buf)) <= 0)
            usleep(10000);
    }
    if (found < 0) {
        printf("ttfe_ms=%s\n", found == -2 ? "exited" : "timeout");
        return 1;
    }
    printf("ttfe_ms=%.1f cpu_ms=%.0f", found - t0, cpu);
    if (probes > 0) {
        qsort(lat, got, sizeof(double), cmp);
        if (got > 0)
            printf(" lat_median_ms=%.2f lat_p90_ms=%.2f lat_max_ms=%.2f", lat[(got - 1) / 2],
                   lat[(int)((got - 1) * 0.9)], lat[got - 1]);
        printf(" lat_n=%d lat_lost=%d", got, lost);
    }
    printf("\n");
    return 0;
}
