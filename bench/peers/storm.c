/* Exit storm: starts a tracer with its output in a file, waits until it is attached (it
 * shows the exit of a marker process), then forks N children that exit at once (fork,
 * _exit, wait; the children's name is "exitstorm") and counts how many of them the output
 * shows. Reports the tracer's CPU and memory while it handles the storm.
 *
 * Usage: storm N OUTFILE -- COMMAND [ARGS...]
 * Prints one line: captured=... of=N fraction=... storm_s=... cpu_s=... (user+system of
 *   all the tracer's threads from the first fork until its output settled) total_cpu_s=...
 *   rss_mb=... (VmRSS then) hwm_mb=... (VmHWM, the peak)
 * With $STORM_SMAPS set, the tracer's /proc/PID/smaps_rollup after the storm is copied there.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "procstat.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A line of /proc/PID/status such as "VmRSS:", in MiB. */
static double proc_mb(pid_t pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    double mb = -1;
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, key, strlen(key)) == 0)
            mb = atol(line + strlen(key)) / 1024.0;
    if (f)
        fclose(f);
    return mb;
}

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : 0;
}

/* Occurrences of word in the file (whole file read; outputs here are tens of MB at most). */
static long count_in_file(const char *path, const char *word)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    long n = 0;
    char line[4096];
    while (fgets(line, sizeof(line), f))
        if (strstr(line, word))
            n++;
    fclose(f);
    return n;
}

static void child_exit(const char *name)
{
    pid_t p = fork();
    if (p == 0) {
        if (name)
            prctl(PR_SET_NAME, name, 0, 0, 0);
        _exit(0);
    }
    if (p > 0)
        waitpid(p, NULL, 0);
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fprintf(stderr, "usage: storm N OUTFILE -- COMMAND [ARGS...]\n");
        return 2;
    }
    long n = atol(argv[1]);
    const char *out = argv[2];
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(out);
        return 2;
    }
    double t0 = now_s();
    pid_t tool = fork();
    if (tool == 0) {
        dup2(fd, 1);
        close(fd);
        execvp(argv[4], argv + 4);
        perror(argv[4]);
        _exit(127);
    }
    close(fd);
    /* Attached once a marker's exit shows up. */
    while (count_in_file(out, "stormwarm") == 0) {
        if (now_s() - t0 > 60 || waitpid(tool, NULL, WNOHANG) == tool) {
            fprintf(stderr, "storm: the tracer showed no marker exit in 60 s\n");
            kill(tool, SIGKILL);
            return 1;
        }
        child_exit("stormwarm");
        usleep(10000);
    }
    usleep(200000);
    prctl(PR_SET_NAME, "exitstorm", 0, 0, 0); /* children inherit the name */
    double cpu0 = proc_cpu(tool);
    double s0 = now_s();
    for (long i = 0; i < n; i++)
        child_exit(NULL);
    double s1 = now_s();
    prctl(PR_SET_NAME, "storm", 0, 0, 0);
    /* Settled: the output has not grown for a second (or 60 s passed). */
    off_t size = file_size(out);
    double quiet = now_s();
    while (now_s() - quiet < 1.0 && now_s() - s1 < 60) {
        usleep(50000);
        off_t now = file_size(out);
        if (now != size) {
            size = now;
            quiet = now_s();
        }
    }
    double cpu = proc_cpu(tool) - cpu0;
    double rss = proc_mb(tool, "VmRSS:");
    double hwm = proc_mb(tool, "VmHWM:");
    /* $STORM_SMAPS: where the tracer's /proc/PID/smaps_rollup goes, for the breakdown of its RSS. */
    const char *smaps = getenv("STORM_SMAPS");
    if (smaps) {
        char path[64], buf[4096];
        snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", tool);
        FILE *in = fopen(path, "r"), *o = fopen(smaps, "w");
        size_t k;
        while (in && o && (k = fread(buf, 1, sizeof(buf), in)) > 0)
            fwrite(buf, 1, k, o);
        if (in)
            fclose(in);
        if (o)
            fclose(o);
    }
    kill(tool, SIGINT);
    int status;
    struct rusage ru;
    double stop = now_s();
    while (wait4(tool, &status, WNOHANG, &ru) == 0) {
        if (now_s() - stop > 10)
            kill(tool, SIGKILL);
        usleep(10000);
    }
    double total = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    long captured = count_in_file(out, "exitstorm");
    printf("captured=%ld of=%ld fraction=%.4f storm_s=%.2f cpu_s=%.2f total_cpu_s=%.2f rss_mb=%.1f hwm_mb=%.1f\n",
           captured, n, (double)captured / n, s1 - s0, cpu, total, rss, hwm);
    return 0;
}
