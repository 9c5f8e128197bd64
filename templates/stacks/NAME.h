/* @NAME@'s key: one count per process and pair of stacks. */
#ifndef @GUARD@_H
#define @GUARD@_H

#define COMM_LEN 16

struct stack_key {
	__u32 pid;           /* the process on the CPU */
	char comm[COMM_LEN]; /* its command name */
	__s32 kern_stack_id; /* its kernel stack in stack_traces (negative: none) */
	__s32 user_stack_id; /* its user stack in stack_traces (negative: none) */
};

#endif /* @GUARD@_H */
