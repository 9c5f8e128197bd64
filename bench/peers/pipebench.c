/* Decode throughput: a consumer of bench/ringbench prints one JSON line per event into a pipe
 * that this harness reads (counting lines, nothing else). The event source is a child that
 * calls getppid(): slowly (one every 20 ms) until the consumer's first line shows it is
 * attached, then N times, as fast as it can (RATE 0) or paced at RATE calls per second.
 * Afterwards the package's own counters (produced, dropped: failed reserves) are read from
 * its .bss through the kernel, and the consumer is stopped with SIGINT.
 *
 * Usage: pipebench N RATE -- COMMAND [ARGS...]   ("{}" in ARGS becomes the source's pid)
 * Prints one line: events=... produced=... dropped=... seconds=... events_per_s=...
 *   cpu_s=... (consumer's user+system CPU, whole run) blast_cpu_s=... (from the first line
 *   until the source is done and the output quiet; 10 ms resolution) blast_cpu_ns_per_event=...
 *   blast_wakeups=... (voluntary context switches of all the consumer's threads meanwhile)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "procstat.h"
#include "bsscount.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Voluntary context switches (sleeps) of all a process's threads, from /proc. */
static long proc_sleeps(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/task", pid);
    DIR *d = opendir(path);
    long total = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char status[300];
        snprintf(status, sizeof(status), "%s/%s/status", path, e->d_name);
        FILE *f = fopen(status, "r");
        while (f && fgets(line, sizeof(line), f))
            if (strncmp(line, "voluntary_ctxt_switches:", 24) == 0)
                total += atol(line + 24);
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    return total;
}

static void source(int ctl, long n, long rate)
{
    char c;
    prctl(PR_SET_NAME, "ringload", 0, 0, 0);
    fcntl(ctl, F_SETFL, O_NONBLOCK);
    while (read(ctl, &c, 1) != 1) {
        syscall(SYS_getppid);
        usleep(20000);
    }
    if (rate <= 0) {
        for (long i = 0; i < n; i++)
            syscall(SYS_getppid);
        _exit(0);
    }
    /* Paced: a batch every millisecond. */
    long per_ms = rate / 1000 > 0 ? rate / 1000 : 1;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long done = 0; done < n;) {
        for (long k = 0; k < per_ms && done < n; k++, done++)
            syscall(SYS_getppid);
        next.tv_nsec += 1000000;
        if (next.tv_nsec >= 1000000000) {
            next.tv_nsec -= 1000000000;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    _exit(0);
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fprintf(stderr, "usage: pipebench N RATE -- COMMAND [ARGS...]\n");
        return 2;
    }
    long n = atol(argv[1]);
    long rate = atol(argv[2]);
    int ctl[2], out[2];
    if (pipe(ctl) || pipe(out))
        return 2;
    pid_t src = fork();
    if (src == 0) {
        close(ctl[1]);
        close(out[0]);
        close(out[1]);
        source(ctl[0], n, rate);
    }
    close(ctl[0]);
    char pidtext[16];
    snprintf(pidtext, sizeof(pidtext), "%d", src);
    char **cmd = argv + 4;
    for (char **a = cmd; *a; a++)
        if (strcmp(*a, "{}") == 0)
            *a = pidtext;
    pid_t tool = fork();
    if (tool == 0) {
        close(ctl[1]);
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execvp(cmd[0], cmd);
        perror(cmd[0]);
        _exit(127);
    }
    close(out[1]);
    fcntl(out[0], F_SETPIPE_SZ, 1 << 20);

    static char buf[1 << 18];
    long lines = 0, before = 0;
    double go = 0, last = 0, start = now_s(), cpu_go = 0;
    long sleeps_go = 0;
    int src_done = 0, eof = 0;
    while (!eof) {
        struct pollfd p = {.fd = out[0], .events = POLLIN};
        int r = poll(&p, 1, 50);
        double t = now_s();
        if (r > 0) {
            ssize_t got = read(out[0], buf, sizeof(buf));
            if (got <= 0) {
                eof = 1;
                break;
            }
            for (char *q = buf; (q = memchr(q, '\n', buf + got - q)); q++)
                lines++;
            last = t;
            if (go == 0 && lines > 0) {
                go = t;
                before = lines;
                cpu_go = proc_cpu(tool);
                sleeps_go = proc_sleeps(tool);
                if (write(ctl[1], "g", 1) != 1)
                    return 2;
            }
        }
        if (!src_done && waitpid(src, NULL, WNOHANG) == src)
            src_done = 1;
        /* Done when the source has finished and the consumer has been quiet for a second. */
        if (src_done && t - last > 1.0)
            break;
        if (go == 0 && t - start > 60) {
            fprintf(stderr, "pipebench: no output from the consumer in 60 s\n");
            kill(tool, SIGKILL);
            kill(src, SIGKILL);
            return 1;
        }
    }
    double cpu_blast = proc_cpu(tool) - cpu_go;
    long sleeps = proc_sleeps(tool) - sleeps_go;
    long long produced = bss_read_u64("ringbenc.bss", "produced");
    long long dropped = bss_read_u64("ringbenc.bss", "dropped");
    kill(tool, SIGINT);
    ssize_t got;
    while ((got = read(out[0], buf, sizeof(buf))) > 0)
        for (char *q = buf; (q = memchr(q, '\n', buf + got - q)); q++)
            lines++;
    int status;
    struct rusage ru;
    wait4(tool, &status, 0, &ru);
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    double secs = last - go;
    long blast = lines - before;
    printf("events=%ld produced=%lld dropped=%lld seconds=%.3f events_per_s=%.0f cpu_s=%.2f"
           " blast_cpu_s=%.2f blast_cpu_ns_per_event=%.0f blast_wakeups=%ld maxrss_mb=%.1f\n",
           lines, produced, dropped, secs, secs > 0 ? blast / secs : 0, cpu, cpu_blast,
           blast ? cpu_blast * 1e9 / blast : 0, sleeps, ru.ru_maxrss / 1024.0);
    return 0;
}
