/* Emits one struct allkinds, filled with known values, when a process named
 * "ecli_allkinds" exits; the test runs that process and checks every decoded value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "allkinds.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 * 1024);
} events SEC(".maps");

const volatile struct allkinds *keep_allkinds __attribute__((unused));

static const char want[] = "ecli_allkinds";

SEC("tp/sched/sched_process_exit")
int on_exit(void *ctx)
{
    char comm[16] = {};
    struct allkinds *e;
    struct task_struct *task;
    u64 id = bpf_get_current_pid_tgid();

    if ((id >> 32) != (u32)id)
        return 0;
    bpf_get_current_comm(&comm, sizeof(comm));
    for (int i = 0; i < sizeof(want); i++)
        if (comm[i] != want[i])
            return 0;

    e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    __builtin_memset(e, 0, sizeof(*e));
    task = (struct task_struct *)bpf_get_current_task();
    e->pid = id >> 32;
    e->u8max = 255;
    e->s8min = -128;
    e->u16max = 65535;
    e->s16min = -32768;
    e->u32max = 4294967295u;
    e->s32min = -2147483647 - 1;
    e->u64max = 18446744073709551615ull;
    e->s64min = -9223372036854775807ll - 1;
    e->s64max = 9223372036854775807ll;
    e->yes = 1;
    e->no = 0;
    __builtin_memcpy(e->with_nul, "hi\0zz", 6);
    __builtin_memcpy(e->no_nul, "abcd", 4);
    e->named = BLUE;
    e->unnamed = (enum color)7;
    e->nested.a = 513;
    e->nested.b = -5;
    e->arr[0] = 1;
    e->arr[1] = -2;
    e->arr[2] = 3;
    e->un.u = 0x3fc00000; /* 1.5f */
    e->bf_a = 5;
    e->bf_b = 17;
    e->bf_c = -3;
    e->fl = 2.5f;
    e->dbl = -0.125;
    e->anon_x = 42;
    e->exit_code = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff;
    bpf_ringbuf_submit(e, 0);
    return 0;
}
