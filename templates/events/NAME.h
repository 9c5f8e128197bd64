/* @NAME@'s event: what the program sends for each exec. build keeps this struct in BTF and
   pairs it with the ring buffer, so the runner decodes and prints it with no code of yours. */
#ifndef @GUARD@_H
#define @GUARD@_H

#define COMM_LEN 16
#define FILENAME_LEN 128

struct event {
	__u32 pid;                   /* the process that called exec */
	char comm[COMM_LEN];         /* its command name after exec */
	char filename[FILENAME_LEN]; /* the file it executed */
};

#endif /* @GUARD@_H */
