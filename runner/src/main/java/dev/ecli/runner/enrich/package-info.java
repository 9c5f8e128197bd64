/**
 * Who did it: names for the ids events carry. A cgroup id becomes its cgroup path, and the path
 * its systemd unit and container (runtime and id); a process id becomes its command line and cgroup.
 * Everything is read from cgroupfs and /proc, cached with a bound, and tolerant of processes
 * and cgroups that are already gone.
 */
package dev.ecli.runner.enrich;
