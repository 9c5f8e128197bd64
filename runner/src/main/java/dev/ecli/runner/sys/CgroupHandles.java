package dev.ecli.runner.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cgroup v2 directory found by its id, as systemd does: the id is the kernfs file handle of
 * the directory, so {@code open_by_handle_at(2)} opens it and {@code /proc/self/fd} names it.
 * Two system calls and no walk, whatever the number of cgroups. Needs CAP_DAC_READ_SEARCH; once
 * refused, {@link #available} is false. Thread-safe.
 */
public final class CgroupHandles implements AutoCloseable {
    private static final int FILEID_KERNFS = 0xfe, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    private static final int EPERM = 1, EACCES = 13, EINVAL = 22, ENOSYS = 38, EOPNOTSUPP = 95;
    // int open_by_handle_at(int mount_fd, struct file_handle *handle, int flags);
    private static final MemorySegment OPEN_BY_HANDLE = Native.symbol(Native.libc(), "open_by_handle_at");

    private final DirectoryFd mount;
    private final String root;
    /** struct file_handle { u32 handle_bytes; i32 handle_type; u64 id; } */
    private final MemorySegment handle = Arena.ofAuto().allocate(16, 8);
    private volatile boolean refused;

    private CgroupHandles(DirectoryFd mount, String root) {
        this.mount = mount;
        this.root = root;
    }

    /**
     * Handles on the cgroup2 mount at {@code root}; null when it cannot be opened or does not
     * answer as cgroupfs does (its own id must name the root itself).
     */
    public static CgroupHandles open(Path root) {
        CgroupHandles h = null;
        try {
            h = new CgroupHandles(DirectoryFd.open(root.toString()), root.toString());
            long id = ((Number) Files.getAttribute(root, "unix:ino")).longValue();
            if ("/".equals(h.path(id))) {
                return h;
            }
        } catch (SysException | IOException | RuntimeException e) {
            // no handles: walks only
        }
        if (h != null) {
            h.close();
        }
        return null;
    }

    /** Whether lookups can answer: false once the kernel refused us (no CAP_DAC_READ_SEARCH). */
    public boolean available() {
        return !refused;
    }

    /**
     * The path of cgroup {@code id} below the root ("/" for the root itself); null when there is
     * no such cgroup now, or when this way cannot tell (then {@link #available} may be false).
     */
    public synchronized String path(long id) {
        if (refused) {
            return null;
        }
        handle.set(ValueLayout.JAVA_INT, 0, 8);
        handle.set(ValueLayout.JAVA_INT, 4, FILEID_KERNFS);
        handle.set(ValueLayout.JAVA_LONG, 8, id);
        int fd = (int) Native.callErrno(OPEN_BY_HANDLE, mount.fd(), Native.ptr(handle), O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.errno();
            // ESTALE: no such cgroup now; EMFILE and the like pass. These mean never:
            refused |= errno == EPERM || errno == EACCES || errno == EINVAL || errno == ENOSYS
                    || errno == EOPNOTSUPP;
            return null;
        }
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (link.equals(root)) {
                return "/";
            }
            if (link.endsWith(" (deleted)")) {
                return null; // removed meanwhile
            }
            return link.startsWith(root + "/") ? link.substring(root.length()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            Libc.close(fd);
        }
    }

    @Override
    public void close() {
        mount.close();
    }
}
