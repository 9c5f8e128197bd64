package dev.ecli.runner.sys;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory only the effective user and root can change, reached from {@code /} one name at a
 * time without following links: each step is an {@code openat(2)} with {@code O_NOFOLLOW} on the
 * parent's descriptor and an {@code fstat(2)} of what it opened (the JDK's
 * {@link SecureDirectoryStream}, which is exactly that on Linux). Every directory on the way must
 * belong to the effective user or root and be writable by no one else; above the directory itself
 * a root-owned sticky directory such as {@code /tmp} is allowed too, since there only an entry's
 * owner may rename or remove it. Names below are opened relative to it the same way.
 *
 * <p>Once a directory is trusted, nobody else can rename, replace or write anything on the way to
 * it, so a later read or write by path finds what the check saw. Not thread-safe; close it.
 */
public final class TrustedDir implements Closeable {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final int STICKY = 01000;

    private final Path path;
    private final SecureDirectoryStream<Path> dir;

    /** Why a directory or file is not trusted, in one line naming it. */
    public static final class UntrustedException extends IOException {
        UntrustedException(String message) {
            super(message);
        }
    }

    private TrustedDir(Path path, SecureDirectoryStream<Path> dir) {
        this.path = path;
        this.dir = dir;
    }

    /** The effective user and root, as owners to compare with. */
    private static final class Owners {
        static final UserPrincipal EUID = owner(Path.of("/proc/self"));
        static final UserPrincipal ROOT = root();

        private static UserPrincipal owner(Path p) {
            try {
                // Linux gives /proc/self to the process's effective uid.
                return Files.getOwner(p);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }

        private static UserPrincipal root() {
            try {
                return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root");
            } catch (IOException | UnsupportedOperationException e) {
                return null;
            }
        }
    }

    /** Whether the effective user is root (as far as owners go: uid 0). */
    public static boolean effectiveUserIsRoot() {
        return Owners.EUID != null && Owners.EUID.equals(Owners.ROOT);
    }

    /**
     * Opens {@code dir} (made absolute and normalized; no link is followed, so ".." is lexical).
     *
     * @throws UntrustedException  a directory on the way is a link, another user's, or writable by others
     * @throws NoSuchFileException a directory on the way is missing
     */
    public static TrustedDir open(Path dir) throws IOException {
        return walk(dir, false, false);
    }

    /**
     * As {@link #open}, first making the missing directories (mode 0755 at most): each is made
     * inside an already trusted one, then opened and checked like the others.
     */
    public static TrustedDir create(Path dir) throws IOException {
        return walk(dir, true, false);
    }

    /**
     * Null when {@code dir} is trusted, or could be made so because only trusted directories lead
     * to where it is missing; else why not, in one line.
     */
    public static String whyNot(Path dir) {
        return whyNot(dir.toAbsolutePath().normalize(), false);
    }

    /** As {@link #whyNot(Path)}; {@code above}: {@code dir} is to hold the one asked about. */
    private static String whyNot(Path abs, boolean above) {
        try (TrustedDir d = walk(abs, false, above)) {
            return null;
        } catch (NoSuchFileException e) {
            Path parent = abs.getParent();
            // create() would make it in its parent, which may then be a sticky /tmp.
            return parent == null ? null : whyNot(parent, true);
        } catch (UntrustedException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot check " + abs + ": " + e.getMessage();
        }
    }

    /** {@code lastAbove}: the last name is an ancestor of what is wanted, as the others are. */
    private static TrustedDir walk(Path dir, boolean create, boolean lastAbove) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Owners.EUID == null) {
            throw new UntrustedException("cannot tell who owns " + abs + " (no /proc/self)");
        }
        Path at = abs.getRoot();
        DirectoryStream<Path> top = Files.newDirectoryStream(at);
        if (!(top instanceof SecureDirectoryStream<Path> cur)) {
            top.close();
            throw new UntrustedException("cannot check " + abs + " without following links on this system");
        }
        try {
            check(at, cur.getFileAttributeView(PosixFileAttributeView.class).readAttributes(),
                    lastAbove || abs.getNameCount() > 0);
            for (int i = 0; i < abs.getNameCount(); i++) {
                Path name = abs.getName(i);
                boolean above = lastAbove || i < abs.getNameCount() - 1;
                SecureDirectoryStream<Path> next = child(cur, at.resolve(name), name, above, create);
                cur.close();
                cur = next;
                at = at.resolve(name);
            }
            return new TrustedDir(abs, cur);
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
    }

    private static SecureDirectoryStream<Path> child(SecureDirectoryStream<Path> parent, Path p, Path name,
            boolean above, boolean create) throws IOException {
        PosixFileAttributes pre;
        try {
            pre = parent.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            if (!create) {
                throw new NoSuchFileException(p.toString());
            }
            try {
                // No mkdirat in the JDK: the parent is trusted, so this path is the one walked.
                Files.createDirectory(p,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (FileAlreadyExistsException raced) {
                // Someone made it first: checked below like any other.
            }
            pre = parent.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
        }
        if (pre.isSymbolicLink()) {
            throw new UntrustedException(p + " is a symbolic link");
        }
        if (!pre.isDirectory()) {
            throw new UntrustedException(p + " is not a directory");
        }
        SecureDirectoryStream<Path> s;
        try {
            s = parent.newDirectoryStream(name, NOFOLLOW);
        } catch (FileSystemException e) {
            throw new UntrustedException(p + " cannot be opened without following a link: " + e.getReason());
        }
        try {
            check(p, s.getFileAttributeView(PosixFileAttributeView.class).readAttributes(), above);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Throws unless {@code a} (of {@code p}, read from its open descriptor) may be trusted. */
    private static void check(Path p, PosixFileAttributes a, boolean above) throws IOException {
        UserPrincipal owner = a.owner();
        if (!owner.equals(Owners.EUID) && !owner.equals(Owners.ROOT)) {
            throw new UntrustedException(p + " belongs to " + owner.getName() + ", not to "
                    + (effectiveUserIsRoot() ? "root" : Owners.EUID.getName() + " or root"));
        }
        Set<PosixFilePermission> w = EnumSet.noneOf(PosixFilePermission.class);
        w.addAll(a.permissions());
        w.retainAll(WRITE_BY_OTHERS);
        if (w.isEmpty() || above && a.isDirectory() && owner.equals(Owners.ROOT) && sticky(p, a)) {
            return;
        }
        throw new UntrustedException(p + " is writable by " + (w.size() == 2 ? "its group and others"
                : w.contains(PosixFilePermission.GROUP_WRITE) ? "its group" : "others")
                + " (mode " + PosixFilePermissions.toString(a.permissions()) + ")");
    }

    /** The sticky bit, which the JDK reads only by path: read so, then matched to the descriptor's inode. */
    private static boolean sticky(Path p, PosixFileAttributes a) {
        try {
            Map<String, Object> m = Files.readAttributes(p, "unix:mode,fileKey", NOFOLLOW);
            return a.fileKey() != null && a.fileKey().equals(m.get("fileKey"))
                    && ((Integer) m.get("mode") & STICKY) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Null when {@code dir} is trusted and so is everything directly in it (a file or directory
     * of the effective user or root, no link, writable by no one else); else why not.
     */
    public static String whyNotWithEntries(Path dir) {
        try (TrustedDir d = open(dir)) {
            for (String n : d.names()) {
                Path p = d.path.resolve(n);
                PosixFileAttributes a = d.dir.getFileAttributeView(Path.of(n), PosixFileAttributeView.class, NOFOLLOW)
                        .readAttributes();
                if (a.isSymbolicLink()) {
                    return p + " is a symbolic link";
                }
                check(p, a, false);
            }
            return null;
        } catch (UntrustedException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot check " + dir + ": " + e.getMessage();
        }
    }

    /** The directory's absolute path. */
    public Path path() {
        return path;
    }

    /** The trusted subdirectory {@code name} (one name, not a path). */
    public TrustedDir dir(String name) throws IOException {
        Path n = single(name);
        return new TrustedDir(path.resolve(n), child(dir, path.resolve(n), n, false, false));
    }

    /** As {@link #dir}, made first when missing. */
    public TrustedDir createDir(String name) throws IOException {
        Path n = single(name);
        return new TrustedDir(path.resolve(n), child(dir, path.resolve(n), n, false, true));
    }

    /** Whether {@code name} is here and a directory (a link to one is not). */
    public boolean isDirectory(String name) throws IOException {
        try {
            return dir.getFileAttributeView(single(name), PosixFileAttributeView.class, NOFOLLOW).readAttributes()
                    .isDirectory();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Opens file {@code name} for reading once it is a regular file (not a link) of the effective
     * user or root that no one else can write.
     */
    public InputStream read(String name) throws IOException {
        Path n = single(name);
        PosixFileAttributes a = dir.getFileAttributeView(n, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
        if (a.isSymbolicLink()) {
            throw new UntrustedException(path.resolve(n) + " is a symbolic link");
        }
        if (!a.isRegularFile()) {
            throw new UntrustedException(path.resolve(n) + " is not a regular file");
        }
        check(path.resolve(n), a, false);
        // The directory is trusted: the file checked is the file opened.
        return Channels.newInputStream(dir.newByteChannel(n, Set.of(StandardOpenOption.READ, NOFOLLOW)));
    }

    /** The names in this directory, sorted. */
    public List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (SecureDirectoryStream<Path> s = dir.newDirectoryStream(Path.of("."), NOFOLLOW)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        out.sort(null);
        return out;
    }

    /** Removes {@code name}: a file, or a directory with all it holds; links are removed, never followed. */
    public void delete(String name) throws IOException {
        Path n = single(name);
        PosixFileAttributes a;
        try {
            a = dir.getFileAttributeView(n, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            return;
        }
        if (!a.isDirectory()) {
            dir.deleteFile(n);
            return;
        }
        try (TrustedDir sub = new TrustedDir(path.resolve(n), dir.newDirectoryStream(n, NOFOLLOW))) {
            for (String s : sub.names()) {
                sub.delete(s);
            }
        }
        dir.deleteDirectory(n);
    }

    /**
     * Renames {@code name} to {@code target} in {@code to} (rename(2) relative to both descriptors),
     * replacing what is there when the system allows (an empty directory, a file).
     */
    public void move(String name, TrustedDir to, String target) throws IOException {
        dir.move(single(name), to.dir, single(target));
    }

    private static Path single(String name) {
        Path n = Path.of(name);
        if (n.getNameCount() != 1 || n.isAbsolute() || name.equals(".") || name.equals("..") || name.isEmpty()) {
            throw new IllegalArgumentException("not a single file name: '" + name + "'");
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }
}
