package dev.ecli.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a whole file that must be a regular file of bounded size: a device such as
 * {@code /dev/zero} never ends and a FIFO blocks its reader until a writer comes, so both are
 * refused before they are opened; a file over the limit is refused before it is read, and
 * reading stops one byte past the limit if it grows meanwhile. Messages are one line and leave
 * naming the file to the caller.
 */
public final class BoundedFile {
    /** The largest limit: one Java array. */
    public static final long MAX_LIMIT = Integer.MAX_VALUE - 8;

    /** The file is not a regular file, or is over the limit; the message says which. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private BoundedFile() {}

    /**
     * All of {@code file}'s bytes.
     *
     * @param limit the most bytes accepted, at most {@link #MAX_LIMIT}
     * @throws Refused            not a regular file (a directory, device, FIFO or socket), or
     *                            longer than {@code limit}: "not a regular file", "N bytes, over the
     *                            limit of M MiB"
     * @throws NoSuchFileException when it does not exist
     * @throws IOException        when it cannot be read
     */
    public static byte[] read(Path file, long limit) throws IOException {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " out of range");
        }
        checkRegular(file);
        try (SeekableByteChannel ch = Files.newByteChannel(file); InputStream in = Channels.newInputStream(ch)) {
            long size = ch.size();
            if (size > limit) {
                throw overLimit(size, limit);
            }
            byte[] b = in.readNBytes((int) limit + 1);
            if (b.length > limit) {
                throw overLimit(b.length, limit);
            }
            return b;
        }
    }

    /**
     * Refuses what is not a regular file (symbolic links are followed), without opening it.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws Refused             when it is something else
     */
    public static void checkRegular(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw new Refused(Files.isDirectory(file) ? "a directory, not a file"
                    : "not a regular file (a device, FIFO or socket)");
        }
    }

    private static Refused overLimit(long size, long limit) {
        return new Refused(size + " bytes, over the limit of " + (limit >= 1 << 20 ? (limit >> 20) + " MiB"
                : limit + " bytes"));
    }
}
