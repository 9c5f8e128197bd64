/* profile's key: where a CPU was when the sampling timer fired. */
#ifndef PROFILE_H
#define PROFILE_H

#define TASK_COMM_LEN 16

struct stack_key {
    __u32 pid;                 /* the process that was running */
    int user_stack_id;         /* its user stack, in stack_traces (negative: none, e.g. in a kernel thread) */
    int kern_stack_id;         /* its kernel stack, in stack_traces (negative: none, e.g. in user mode) */
    char comm[TASK_COMM_LEN];  /* its command */
};

#endif /* PROFILE_H */
