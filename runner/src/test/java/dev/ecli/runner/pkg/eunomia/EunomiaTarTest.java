package dev.ecli.runner.pkg.eunomia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.PackageException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eunomia's {@code ecc --btfgen} tar: what is kept, and archives that lie. Archives made by GNU tar. */
class EunomiaTarTest {
    @TempDir
    Path tmp;

    /** A tar of {@code src}'s entries, as GNU tar writes it (with ./ prefixes, as ecc's writer too). */
    private Path tar(Path src, String... extra) throws Exception {
        Path out = tmp.resolve("pkg.tar");
        List<String> cmd = new java.util.ArrayList<>(List.of("tar", "-cf", out.toString(), "-C", src.toString()));
        cmd.addAll(List.of(extra));
        cmd.add(".");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        return out;
    }

    @Test
    void keepsPackageJsonAndBtfOnlyAndNothingElse() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("package.json"), "{}");
        Files.writeString(src.resolve("prog.bpf.o"), "elf");
        Path btf = Files.createDirectories(src.resolve("btfhub-archive/debian/12/x86_64"));
        Files.write(btf.resolve("6.1.0-57-amd64.btf"), new byte[] {1, 2, 3});
        Files.writeString(btf.resolve("notes.txt"), "x");
        Files.createSymbolicLink(btf.resolve("5.10.0-1.btf"), Path.of("/etc/passwd"));
        Path dir = Files.createDirectories(tmp.resolve("out"));
        EunomiaTar.extract(Files.newInputStream(tar(src)), dir, "pkg.tar");
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of("btfhub-archive/debian/12/x86_64/6.1.0-57-amd64.btf", "package.json"),
                    s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList());
        }
        assertFalse(Files.exists(btf.resolve("5.10.0-1.btf").getFileName()));
        assertTrue(Arrays.equals(new byte[] {1, 2, 3},
                Files.readAllBytes(dir.resolve("btfhub-archive/debian/12/x86_64/6.1.0-57-amd64.btf"))));
    }

    @Test
    void namesThatClimbOutAreNotWritten() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/a"));
        Files.writeString(src.resolve("package.json"), "{}");
        // GNU tar keeps "../" when told to: an entry named btfhub-archive/../../evil.btf
        Path out = tmp.resolve("evil.tar");
        Process p = new ProcessBuilder("tar", "-cf", out.toString(), "-C", src.toString(), "--transform",
                "s|package.json|btfhub-archive/../../x/y/evil.btf|", "-P", "package.json").redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        Path dir = Files.createDirectories(tmp.resolve("out"));
        EunomiaTar.extract(Files.newInputStream(out), dir, "evil.tar");
        try (Stream<Path> s = Files.walk(tmp)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().equals("evil.btf")));
        }
    }

    @Test
    void truncatedOrCorruptArchivesAreOneLine() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("package.json"), new byte[5000]);
        byte[] whole = Files.readAllBytes(tar(src));
        Path dir = Files.createDirectories(tmp.resolve("out"));
        byte[] cut = Arrays.copyOf(whole, 512 * 3 + 100);
        PackageException e = assertThrows(PackageException.class,
                () -> EunomiaTar.extract(new ByteArrayInputStream(cut), dir, "cut.tar"));
        assertTrue(e.getMessage().matches("cut\\.tar: at byte \\d+: the archive is cut short inside an entry"), e.getMessage());
        byte[] flipped = whole.clone();
        flipped[512 + 20] ^= 0x40; // inside the second header's name
        flipped[20] ^= 0x40;
        e = assertThrows(PackageException.class, () -> EunomiaTar.extract(new ByteArrayInputStream(flipped), dir, "bad.tar"));
        assertEquals("bad.tar: at byte 0: not a tar header (bad checksum)", e.getMessage());
        byte[] huge = whole.clone();
        // the first entry's size field claims 8 GiB
        System.arraycopy("77777777777\0".getBytes(), 0, huge, 124, 12);
        fixChecksum(huge, 0);
        e = assertThrows(PackageException.class, () -> EunomiaTar.extract(new ByteArrayInputStream(huge), dir, "huge.tar"));
        assertEquals("huge.tar: at byte 0: the archive is larger than 256 MiB", e.getMessage());
    }

    private static void fixChecksum(byte[] b, int at) {
        Arrays.fill(b, at + 148, at + 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += b[at + i] & 0xff;
        }
        byte[] text = String.format("%06o\0 ", sum).getBytes();
        System.arraycopy(text, 0, b, at + 148, 8);
    }
}
