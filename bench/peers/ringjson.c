/* The C side of the decode-throughput bench: loads bench/ringbench with libbpf, sets
 * target_tgid, and prints every 64-byte record as the same JSON line ecli-java writes, with
 * printf into stdio's buffer (flushed when full, and when the ring goes idle, as ecli-java
 * does). Stops on SIGINT/SIGTERM and prints "events=N" on stderr.
 * Usage: ringjson OBJECT TARGET_TGID
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bench_event {
    unsigned long long seq;
    unsigned long long ts_ns;
    unsigned int pid;
    unsigned int cpu;
    char comm[16];
    unsigned long long a;
    unsigned long long b;
    unsigned long long c;
};

static volatile sig_atomic_t stop;
static unsigned long long events;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static int on_record(void *ctx, void *data, size_t size)
{
    const struct bench_event *e = data;
    (void)ctx;
    if (size < sizeof(*e))
        return 0;
    events++;
    printf("{\"seq\":%llu,\"ts_ns\":%llu,\"pid\":%u,\"cpu\":%u,\"comm\":\"%.16s\",\"a\":%llu,\"b\":%llu,\"c\":%llu}\n",
           e->seq, e->ts_ns, e->pid, e->cpu, e->comm, e->a, e->b, e->c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: ringjson OBJECT TARGET_TGID\n");
        return 2;
    }
    struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
    if (!obj) {
        fprintf(stderr, "open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    struct bpf_map *map, *rodata = NULL;
    bpf_object__for_each_map(map, obj) {
        const char *n = bpf_map__name(map);
        size_t l = strlen(n);
        if (l >= 7 && strcmp(n + l - 7, ".rodata") == 0)
            rodata = map;
    }
    size_t sz = 0;
    unsigned int *ro = rodata ? (unsigned int *)bpf_map__initial_value(rodata, &sz) : NULL;
    if (!ro || sz < 4) {
        fprintf(stderr, "no .rodata with target_tgid\n");
        return 1;
    }
    ro[0] = (unsigned int)atoi(argv[2]); /* target_tgid is .rodata's only variable */
    if (bpf_object__load(obj)) {
        fprintf(stderr, "load failed\n");
        return 1;
    }
    struct bpf_program *prog;
    bpf_object__for_each_program(prog, obj) {
        if (!bpf_program__attach(prog)) {
            fprintf(stderr, "attach failed\n");
            return 1;
        }
    }
    struct ring_buffer *rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), on_record, NULL, NULL);
    if (!rb) {
        fprintf(stderr, "ring_buffer__new failed\n");
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    fprintf(stderr, "ringjson: attached\n");
    while (!stop) {
        int n = ring_buffer__poll(rb, 100);
        if (n < 0 && n != -EINTR)
            break;
        if (n == 0)
            fflush(stdout);
    }
    ring_buffer__consume(rb);
    fflush(stdout);
    fprintf(stderr, "ringjson: events=%llu\n", events);
    ring_buffer__free(rb);
    bpf_object__close(obj);
    return 0;
}
