/* Time to first event: launches a tracer on a pseudo-terminal (as a user at a shell would)
 * and, from the moment of launch, makes a short-lived "marker" process exit every
 * INTERVAL_US microseconds; prints the milliseconds from launch until the tracer's output
 * first shows the marker's name. Then stops the tracer with SIGINT (SIGKILL after 5 s).
 *
 * Usage: ttfe MARKER INTERVAL_US TIMEOUT_MS -- COMMAND [ARGS...]
 * Prints: ttfe_ms=123.4 cpu_ms=120   (or ttfe_ms=timeout, exit 1); cpu_ms is the tracer's
 * user+system CPU time by then, all threads (10 ms steps): on a busy machine the wall time
 * also counts waiting for a CPU, this does not.
 */
#define _GNU_SOURCE
#include <errno.h>
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

int main(int argc, char **argv)
{
    if (argc < 6 || strcmp(argv[4], "--") != 0) {
        fprintf(stderr, "usage: ttfe MARKER INTERVAL_US TIMEOUT_MS -- COMMAND [ARGS...]\n");
        return 2;
    }
    const char *mark = argv[1];
    double interval = atof(argv[2]) / 1e3;
    double timeout = atof(argv[3]);
    size_t marklen = strlen(mark);

    struct winsize ws = {.ws_row = 50, .ws_col = 200};
    int master;
    double t0 = now_ms();
    pid_t tool = forkpty(&master, NULL, NULL, &ws);
    if (tool < 0) {
        perror("forkpty");
        return 2;
    }
    if (tool == 0) {
        execvp(argv[5], argv + 5);
        perror(argv[5]);
        _exit(127);
    }
    char buf[65536 + 64];
    size_t keep = 0; /* bytes carried over so a marker split across reads is still found */
    double next = t0, found = -1, cpu = -1;
    int exited = 0;
    while (found < 0) {
        double t = now_ms();
        if (t - t0 > timeout)
            break;
        if (t >= next) {
            marker(mark);
            next = t + interval;
        }
        int wait = (int)(next - now_ms());
        struct pollfd pfd = {.fd = master, .events = POLLIN};
        int r = poll(&pfd, 1, wait < 0 ? 0 : wait);
        if (r > 0) {
            ssize_t n = read(master, buf + keep, sizeof(buf) - 64 - keep);
            if (n <= 0) {
                exited = 1; /* the tool exited (EIO once the terminal has no other end) */
                break;
            }
            size_t len = keep + n;
            if (memmem(buf, len, mark, marklen)) {
                found = now_ms();
                cpu = proc_cpu(tool) * 1000;
                break;
            }
            keep = len < marklen ? len : marklen - 1;
            memmove(buf, buf + len - keep, keep);
        }
    }
    kill(tool, SIGINT);
    /* Keep draining the terminal so the tool never blocks on a full pty while it stops. */
    double stop = now_ms();
    int status;
    while (waitpid(tool, &status, WNOHANG) == 0) {
        if (now_ms() - stop > 5000)
            kill(tool, SIGKILL);
        struct pollfd pfd = {.fd = master, .events = POLLIN};
        if (poll(&pfd, 1, 10) > 0 && read(master, buf, sizeof(buf)) <= 0)
            usleep(10000);
    }
    if (found < 0) {
        printf("ttfe_ms=%s\n", exited ? "exited" : "timeout");
        return 1;
    }
    printf("ttfe_ms=%.1f cpu_ms=%.0f\n", found - t0, cpu);
    return 0;
}
