// SPDX-License-Identifier: GPL-2.0
/*
 * @NAME@: one event per process exit, from the sched:sched_process_exit tracepoint, with three
 * params. Each `const volatile` global becomes a run option (build writes it to package.yaml,
 * taking its description from the comment above it); the runner sets it before loading.
 * Build and run:  ecli-java build @NAME@ && sudo ecli-java run @NAME@ --help
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "ecli.bpf.h" /* shipped with ecli-java: ecli_pid, ecli_tid, ecli_comm, ecli_submit */
#include "@NAME@.h"

char LICENSE[] SEC("license") = "GPL";

/* Trace this process only (0: every process). */
const volatile __u32 targ_pid = 0;
/* Report threads that exit too, not only whole processes. */
const volatile bool threads = false;
/* Which exits to report: EXITS_ALL, EXITS_FAILED or EXITS_OK. */
const volatile enum exit_kind which = EXITS_ALL;

ECLI_RINGBUF(events, 256 * 1024);

SEC("tp/sched/sched_process_exit")
int handle_exit(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 pid = ecli_pid();
	struct event e = {};
	int status;

	if (targ_pid && targ_pid != pid)
		return 0;
	if (!threads && ecli_tid() != pid)
		return 0;
	/* The kernel's wait status: the code in bits 8-15, the signal in bits 0-6. */
	status = BPF_CORE_READ(task, exit_code);
	if (which == EXITS_FAILED && status == 0)
		return 0;
	if (which == EXITS_OK && status != 0)
		return 0;
	e.pid = pid;
	e.ppid = BPF_CORE_READ(task, real_parent, tgid);
	e.exit_code = (status >> 8) & 0xff;
	e.sig = status & 0x7f;
	ecli_comm(e.comm);
	ecli_submit(&events, &e, sizeof(e));
	return 0;
}
