package dev.ecli.runner.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Files a package names (its object, its kernel BTF), kept inside the package directory: a
 * package must not make ecli load or report on files it does not own.
 */
public final class PackagePaths {
    private PackagePaths() {}

    /** Why a named path was refused, worded to follow the path's name ("does not exist"). */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The real path of {@code named}, a path relative to {@code dir}. Refuses absolute paths,
     * {@code ..} escapes, symlinks leading out of {@code dir}, missing files and anything but a
     * regular file.
     */
    public static Path inside(Path dir, String named) throws Refused {
        Path relative;
        try {
            relative = Path.of(named);
        } catch (InvalidPathException e) {
            throw new Refused("is not a valid path");
        }
        if (relative.isAbsolute() || named.startsWith("/") || named.startsWith("\\")) {
            throw new Refused("must be a path relative to the package directory, not absolute");
        }
        Path base = dir.toAbsolutePath();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base.normalize())) {
            throw new Refused("is outside the package directory");
        }
        if (!Files.exists(resolved)) {
            throw new Refused("does not exist");
        }
        Path real;
        Path realDir;
        try {
            real = resolved.toRealPath();
            realDir = base.toRealPath();
        } catch (IOException e) {
            throw new Refused("cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(realDir)) {
            throw new Refused("resolves outside the package directory (to " + real + ")");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("is not a regular file");
        }
        return real;
    }
}
