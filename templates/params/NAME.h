/* @NAME@'s event, and the enum of its 'which' param. build keeps both in BTF. */
#ifndef @GUARD@_H
#define @GUARD@_H

#define COMM_LEN 16

/* Which exits to report. */
enum exit_kind {
	EXITS_ALL,    /* every exit */
	EXITS_FAILED, /* a non-zero exit code or a signal */
	EXITS_OK,     /* exit code 0 */
};

struct event {
	__u32 pid;           /* the process (or thread) that exited */
	__u32 ppid;          /* its parent */
	__s32 exit_code;     /* its exit code (exit(N), return N from main) */
	__u32 sig;           /* the signal that ended it, or 0 */
	char comm[COMM_LEN]; /* its command name */
};

#endif /* @GUARD@_H */
