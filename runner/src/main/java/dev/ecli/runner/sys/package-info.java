/**
 * The few libc calls the runner needs (mmap, epoll, poll, pipe, mount, geteuid, strerror),
 * bound with FFM in {@link dev.ecli.runner.sys.Libc}, each with its C signature beside it and
 * errno captured; {@link dev.ecli.runner.sys.Tracefs} mounts tracefs when libbpf will need it,
 * and {@link dev.ecli.runner.sys.Sys} answers small questions (is stdout's reader gone?).
 */
package dev.ecli.runner.sys;
