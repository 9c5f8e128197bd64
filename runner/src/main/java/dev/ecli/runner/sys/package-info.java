/**
 * The few libc calls the runner needs (mmap, epoll, poll, mount), bound with FFM, each with
 * its C signature beside it and errno captured. Nothing else lives here.
 */
package dev.ecli.runner.sys;
