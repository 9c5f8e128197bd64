package dev.ecli.runner.pkg.eunomia;

import dev.ecli.runner.pkg.EmbeddedBtfs;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An eunomia package as {@code ecc --btfgen} ships it: a tar of {@code package.json} and a
 * {@code btfhub-archive/ID/VERSION_ID/ARCH/RELEASE.btf} tree of minimized kernel BTF. Unpacked
 * once per run into a private temporary directory (removed at exit), which then loads as an
 * eunomia package directory; {@link EmbeddedBtfs} finds the running kernel's BTF there.
 *
 * <p>Only {@code package.json} and {@code .btf} files under {@code btfhub-archive/} are written,
 * each name checked component by component; links, devices and every other entry are skipped.
 * Headers are checksummed and sizes bounded, so a hostile archive fails with one line.
 */
public final class EunomiaTar {
    private static final int BLOCK = 512;
    private static final long MAX_FILE = 64L << 20, MAX_TOTAL = 256L << 20;
    private static final int MAX_ENTRIES = 100_000;
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_+~-][A-Za-z0-9._+~-]{0,127}");
    /** Archives unpacked by this process, by real path: validate and run read the package twice. */
    private static final Map<Path, Path> UNPACKED = new ConcurrentHashMap<>();

    private EunomiaTar() {}

    /** Whether {@code path} is a file named {@code *.tar}: the form eunomia's ecli runs as a tar. */
    public static boolean isTar(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".tar")
                && Files.isRegularFile(path);
    }

    /** The {@code package.json} of the unpacked archive. */
    public static Path unpack(Path tar) throws PackageException {
        Path real;
        try {
            real = tar.toRealPath();
        } catch (IOException e) {
            throw new PackageException("cannot read " + tar + ": " + e.getMessage());
        }
        Path done = UNPACKED.get(real);
        if (done != null) {
            return done;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("ecli-tar-");
        } catch (IOException e) {
            throw new PackageException("cannot unpack " + tar + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "ecli-tar-cleanup"));
        try (InputStream in = Files.newInputStream(real)) {
            extract(in, dir, tar.getFileName().toString());
        } catch (IOException e) {
            throw new PackageException("cannot read " + tar + ": " + e.getMessage());
        }
        Path manifest = dir.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            throw new PackageException(tar.getFileName() + ": the archive has no package.json at its top");
        }
        UNPACKED.put(real, manifest);
        return manifest;
    }

    /** Reads the archive, writing what it keeps under {@code dir}. */
    static void extract(InputStream in, Path dir, String name) throws IOException, PackageException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        long total = 0;
        for (int entries = 0; ; entries++) {
            long offset = total;
            if (!readBlock(in, header)) {
                return; // end of the stream without the two zero blocks: what came is complete
            }
            if (isZero(header)) {
                return;
            }
            if (entries >= MAX_ENTRIES) {
                throw fail(name, offset, "more than " + MAX_ENTRIES + " entries");
            }
            if (!checksumOk(header)) {
                throw fail(name, offset, "not a tar header (bad checksum)");
            }
            long size = size(header, name, offset);
            total += BLOCK;
            char type = (char) header[156];
            String path = longName != null ? longName : path(header);
            longName = null;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (total + padded > MAX_TOTAL) {
                throw fail(name, offset, "the archive is larger than " + (MAX_TOTAL >> 20) + " MiB");
            }
            total += padded;
            if (type == 'L' || type == 'x') {
                if (size > 4096) {
                    throw fail(name, offset, "a long name of " + size + " bytes");
                }
                byte[] data = readFully(in, (int) size, name, offset);
                skip(in, padded - size, name, offset);
                longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                continue;
            }
            String kept = (type == '0' || type == 0) ? kept(path) : null;
            if (kept == null) {
                skip(in, padded, name, offset);
                continue;
            }
            if (size > MAX_FILE) {
                throw fail(name, offset, kept + " is larger than " + (MAX_FILE >> 20) + " MiB");
            }
            Path target = dir.resolve(kept);
            Files.createDirectories(target.getParent());
            Files.write(target, readFully(in, (int) size, name, offset));
            skip(in, padded - size, name, offset);
        }
    }

    /** The relative path to write an entry to, or null for entries not kept. */
    private static String kept(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        if (p.equals("package.json")) {
            return p;
        }
        String[] parts = p.split("/", -1);
        if (parts.length != 5 || !parts[0].equals(EmbeddedBtfs.ARCHIVE) || !parts[4].endsWith(".btf")) {
            return null;
        }
        for (String c : parts) {
            if (!COMPONENT.matcher(c).matches() || c.equals("..") || c.equals(".")) {
                return null;
            }
        }
        return p;
    }

    private static String path(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path=} record of a pax extended header, or null. */
    private static String paxPath(byte[] data) {
        for (String rec : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) {
                return rec.substring(sp + 6);
            }
        }
        return null;
    }

    private static long size(byte[] h, String name, long offset) throws PackageException {
        if ((h[124] & 0x80) != 0) {
            throw fail(name, offset, "an entry larger than " + (MAX_FILE >> 20) + " MiB");
        }
        long v = 0;
        boolean digits = false;
        for (int i = 124; i < 136; i++) {
            int c = h[i] & 0xff;
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits = true;
            } else if (c == ' ' && !digits) {
                continue;
            } else if ((c == 0 || c == ' ') && digits) {
                break;
            } else if (c != 0) {
                throw fail(name, offset, "a size that is not octal");
            }
        }
        return v;
    }

    private static boolean checksumOk(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        long stored = 0;
        boolean digits = false;
        for (int i = 148; i < 156; i++) {
            int c = h[i] & 0xff;
            if (c >= '0' && c <= '7') {
                stored = stored * 8 + (c - '0');
                digits = true;
            } else if (digits) {
                break;
            }
        }
        return digits && stored == sum;
    }

    private static String cString(byte[] b, int from, int len) {
        int end = from;
        while (end < from + len && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new java.io.EOFException("the archive ends inside a header");
        }
        return true;
    }

    private static byte[] readFully(InputStream in, int n, String name, long offset) throws IOException, PackageException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw fail(name, offset, "the archive is cut short inside an entry");
        }
        return b;
    }

    private static void skip(InputStream in, long n, String name, long offset) throws IOException, PackageException {
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw fail(name, offset, "the archive is cut short inside an entry");
        }
    }

    private static PackageException fail(String name, long offset, String what) {
        return new PackageException(name + ": at byte " + offset + ": " + what);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory; nothing of the user's is at stake
        }
    }
}
