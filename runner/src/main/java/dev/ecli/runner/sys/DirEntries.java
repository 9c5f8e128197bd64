package dev.ecli.runner.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A directory's subdirectories with their inode numbers, from {@code readdir(3)} alone: no
 * {@code stat} per entry, so walking cgroupfs (thousands of directories, each with dozens of
 * control files) costs one {@code getdents} per directory. Where the filesystem does not say an
 * entry's type, the entry is looked at with {@code stat}.
 */
public final class DirEntries {
    private static final int DT_UNKNOWN = 0, DT_DIR = 4;
    // struct dirent (glibc, 64-bit): d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name[]
    private static final long D_INO = 0, D_TYPE = 18, D_NAME = 19, NAME_MAX = 256;
    // DIR *opendir(const char *name);
    private static final MemorySegment OPENDIR = Native.symbol(Native.libc(), "opendir");
    // struct dirent *readdir(DIR *dirp);
    private static final MemorySegment READDIR = Native.symbol(Native.libc(), "readdir");
    // int closedir(DIR *dirp);
    private static final MemorySegment CLOSEDIR = Native.symbol(Native.libc(), "closedir");

    /** Called with each subdirectory's name, as the bytes the kernel gave, and inode number. */
    @FunctionalInterface
    public interface Visitor {
        void directory(byte[] name, long inode);
    }

    private DirEntries() {}

    /**
     * Hands every subdirectory of {@code dir} (not {@code .} or {@code ..}) to {@code v}.
     * @param dir the directory's path as bytes, without a NUL (names need not be UTF-8)
     * @return false when {@code dir} cannot be opened (gone, not a directory, no permission)
     */
    public static boolean subdirectories(byte[] dir, Visitor v) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment path = a.allocate(dir.length + 1L);
            MemorySegment.copy(dir, 0, path, ValueLayout.JAVA_BYTE, 0, dir.length);
            long d = Native.call(OPENDIR, Native.ptr(path));
            if (d == 0) {
                return false;
            }
            try {
                while (true) {
                    long entry = Native.call(READDIR, d);
                    if (entry == 0) {
                        return true;
                    }
                    MemorySegment e = MemorySegment.ofAddress(entry).reinterpret(D_NAME + NAME_MAX);
                    int n = 0;
                    while (n < NAME_MAX && e.get(ValueLayout.JAVA_BYTE, D_NAME + n) != 0) {
                        n++;
                    }
                    byte[] name = e.asSlice(D_NAME, n).toArray(ValueLayout.JAVA_BYTE);
                    if (n <= 2 && (n == 1 && name[0] == '.' || n == 2 && name[0] == '.' && name[1] == '.')) {
                        continue;
                    }
                    int type = e.get(ValueLayout.JAVA_BYTE, D_TYPE);
                    if (type == DT_DIR || type == DT_UNKNOWN && isDirectory(dir, name)) {
                        v.directory(name, e.get(ValueLayout.JAVA_LONG_UNALIGNED, D_INO));
                    }
                }
            } finally {
                Native.call(CLOSEDIR, d);
            }
        }
    }

    private static boolean isDirectory(byte[] dir, byte[] name) {
        String path = new String(dir, java.nio.charset.StandardCharsets.UTF_8) + "/"
                + new String(name, java.nio.charset.StandardCharsets.UTF_8);
        return java.nio.file.Files.isDirectory(java.nio.file.Path.of(path), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
