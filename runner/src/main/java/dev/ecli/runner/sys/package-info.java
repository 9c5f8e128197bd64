/**
 * The few libc calls the runner needs (mmap, epoll, poll, pipe, mount, geteuid, strerror),
 * bound with FFM in {@link dev.ecli.runner.sys.Libc}, each with its C signature beside it and
 * errno captured; {@link dev.ecli.runner.sys.Tracefs} mounts tracefs when libbpf will need it,
 * {@link dev.ecli.runner.sys.Sys} answers small questions (is stdout's reader gone?), and
 * {@link dev.ecli.runner.sys.TrustedDir} opens a directory only the effective user and root can
 * change (the caches', a package's on {@code $ECLI_PATH} as root) without following links.
 */
package dev.ecli.runner.sys;
