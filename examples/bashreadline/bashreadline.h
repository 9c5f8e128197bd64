/* The record bashreadline sends to user space: one line a shell read with readline(). */
#ifndef BASHREADLINE_H
#define BASHREADLINE_H

#define TASK_COMM_LEN 16
#define MAX_LINE_SIZE 80

struct event {
    int pid;                   /* the shell's process id */
    char comm[TASK_COMM_LEN];  /* its command (bash) */
    char input[MAX_LINE_SIZE]; /* the line readline() returned, cut to 79 bytes */
};

#endif /* BASHREADLINE_H */
