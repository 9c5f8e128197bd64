#ifndef __BOOTSTRAP_H
#define __BOOTSTRAP_H

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 127

struct event {
    int pid;
    int ppid;
    unsigned exit_code;
    unsigned long long duration_ns;
    char comm[TASK_COMM_LEN];
    int tid;
    int sig;
    bool core_dumped;
    unsigned long long cgroup_id; /* bpf_get_current_cgroup_id(): the cgroup v2 directory's inode */
};

#endif /* __BOOTSTRAP_H */
