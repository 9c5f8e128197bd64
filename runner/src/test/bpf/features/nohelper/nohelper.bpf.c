/* Calls a helper no kernel has (#9999): the verifier refuses it, and the runner must name the
 * helper and the program type instead of quoting the verifier. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../sections/hit.h"

char LICENSE[] SEC("license") = "GPL";

static long (*no_such_helper)(void) = (void *)9999;

SEC("tp/sched/sched_process_exit")
int on_exit(void *ctx)
{
    no_such_helper();
    return send();
}
