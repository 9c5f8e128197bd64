// SPDX-License-Identifier: GPL-2.0
/*
 * @NAME@: one event per exec, from the sched:sched_process_exec tracepoint.
 * Build and run:  ecli-java build @NAME@ && sudo ecli-java run @NAME@
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ecli.bpf.h" /* shipped with ecli-java: build puts it on the include path */
#include "@NAME@.h"

char LICENSE[] SEC("license") = "GPL";

/* Events go to user space through this ring buffer (build pairs it with struct event). */
ECLI_RINGBUF(events, 256 * 1024);

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct event e = {};
	/* A __data_loc field: its low 16 bits are the string's offset in the record. */
	unsigned int off = ctx->__data_loc_filename & 0xFFFF;

	e.pid = ecli_pid();
	ecli_comm(e.comm);
	bpf_probe_read_kernel_str(e.filename, sizeof(e.filename), (void *)ctx + off);
	ecli_submit(&events, &e, sizeof(e));
	return 0;
}
