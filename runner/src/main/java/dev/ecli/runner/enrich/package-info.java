/**
 * Who did it: names for the ids events carry. A cgroup id becomes its cgroup path, and the path
 * its systemd unit and container (runtime and id); a process id becomes its command line and cgroup.
 * Everything is read from cgroupfs and /proc, cached with a bound, and tolerant of processes
 * and cgroups that are already gone. Cgroupfs is walked only by {@link CgroupNames}' own
 * thread: the thread that decodes does a map lookup, or at most a file-handle open for a cgroup
 * made since the last walk. A command line kept at exec (see
 * {@link Identities#useExecs}; the session's exec watch) is asked before /proc.
 */
package dev.ecli.runner.enrich;
