package dev.ecli.runner.symbolize;

import dev.ecli.btf.BtfFormatException;
import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSection;
import dev.ecli.elf.ElfSymbol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The functions of one ELF file (executable or shared library), by address: {@code .symtab}
 * and {@code .dynsym}, or those of its debug file when {@code .gnu_debuglink} names one and the
 * file itself is stripped. File offsets become addresses through the loaded sections, so PIE
 * executables and libraries work wherever they are mapped.
 */
final class ElfSymbols {
    /** Files larger than this are not read (a bound on memory; such files are rare). */
    static final long MAX_FILE = 512L << 20;

    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    private final List<ElfSection> loaded;

    private ElfSymbols(List<ElfSymbol> functions, List<ElfSection> loaded) {
        functions = new ArrayList<>(functions);
        functions.sort(Comparator.comparingLong(ElfSymbol::value));
        int n = functions.size();
        this.starts = new long[n];
        this.ends = new long[n];
        this.names = new String[n];
        for (int i = 0; i < n; i++) {
            ElfSymbol s = functions.get(i);
            starts[i] = s.value();
            // a symbol without a size reaches to the next one
            ends[i] = s.size() > 0 ? s.value() + s.size() : i + 1 < n ? functions.get(i + 1).value() : Long.MAX_VALUE;
            // a debug file's .symtab names versions (clock_nanosleep@@GLIBC_2.17): the function is the name
            int at = s.name().indexOf('@');
            names[i] = at > 0 ? s.name().substring(0, at) : s.name();
        }
        this.loaded = loaded;
    }

    /** No symbols: every lookup misses. */
    static ElfSymbols empty() {
        return new ElfSymbols(List.of(), List.of());
    }

    /**
     * Reads {@code file} (by the path this process can open, e.g. under /proc/PID/root); empty
     * when it is no ELF file or cannot be read.
     */
    static ElfSymbols read(Path file) {
        return read(file, file);
    }

    /**
     * Reads {@code file}; a debug file its {@code .gnu_debuglink} names is looked for around
     * {@code named}, the path it is known by (file may be a /proc/PID/map_files link).
     */
    static ElfSymbols read(Path file, Path named) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                return empty();
            }
            ElfFile elf = ElfFile.read(file);
            List<ElfSymbol> functions = functions(elf);
            List<ElfSection> loaded = elf.sections().stream()
                    .filter(s -> (s.flags() & ElfSection.SHF_ALLOC) != 0 && s.type() != ElfSection.SHT_NOBITS)
                    .toList();
            if (elf.symbols().isEmpty()) {
                Optional<ElfFile> debug = debugFile(named, elf);
                if (debug.isPresent()) {
                    List<ElfSymbol> more = new ArrayList<>(functions);
                    more.addAll(functions(debug.get()));
                    functions = more;
                }
            }
            return new ElfSymbols(functions, loaded);
        } catch (IOException | UncheckedIOException | BtfFormatException | SecurityException e) {
            return empty();
        }
    }

    private static List<ElfSymbol> functions(ElfFile elf) {
        List<ElfSymbol> out = new ArrayList<>();
        for (List<ElfSymbol> table : List.of(elf.symbols(), elf.dynamicSymbols())) {
            for (ElfSymbol s : table) {
                if (s.type() == ElfSymbol.STT_FUNC && s.value() != 0 && !s.name().isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * The file's debug file, where gdb looks: by build id under {@code /usr/lib/debug/.build-id}
     * (Debian's -dbgsym packages), then the name {@code .gnu_debuglink} gives, beside the file,
     * in its {@code .debug/} folder, and under {@code /usr/lib/debug} with the file's folder.
     */
    static Optional<ElfFile> debugFile(Path file, ElfFile elf) {
        java.util.regex.Matcher root = java.util.regex.Pattern.compile("^(/proc/\\d+/root)(/.*)$")
                .matcher(file.toAbsolutePath().toString());
        String prefix = root.matches() ? root.group(1) : "";
        Optional<String> id = buildId(elf);
        if (id.isPresent() && id.get().length() > 2) {
            Path byId = Path.of(prefix + "/usr/lib/debug/.build-id/" + id.get().substring(0, 2) + "/"
                    + id.get().substring(2) + ".debug");
            Optional<ElfFile> found = readDebug(byId, file);
            if (found.isPresent()) {
                return found;
            }
        }
        Optional<ElfSection> link = elf.section(".gnu_debuglink");
        if (link.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = elf.contents(link.get());
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        String name = new String(b, 0, n, StandardCharsets.UTF_8);
        if (name.isEmpty() || name.contains("/")) {
            return Optional.empty();
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>(List.of(dir.resolve(name), dir.resolve(".debug").resolve(name)));
        // under /proc/PID/root, the process's own /usr/lib/debug
        candidates.add(root.matches() ? Path.of(prefix + "/usr/lib/debug" + root.group(2)).getParent().resolve(name)
                : Path.of("/usr/lib/debug" + dir).resolve(name));
        for (Path c : candidates) {
            Optional<ElfFile> found = readDebug(c, file);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<ElfFile> readDebug(Path c, Path file) {
        try {
            if (!c.equals(file) && Files.isRegularFile(c) && Files.size(c) <= MAX_FILE) {
                return Optional.of(ElfFile.read(c));
            }
        } catch (IOException | UncheckedIOException | BtfFormatException e) {
            // not there, or not ELF: the next place
        }
        return Optional.empty();
    }

    /** The GNU build id ({@code .note.gnu.build-id}) as hex, if the file has one. */
    static Optional<String> buildId(ElfFile elf) {
        Optional<ElfSection> note = elf.section(".note.gnu.build-id");
        if (note.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = elf.contents(note.get());
        java.nio.ByteBuffer n = java.nio.ByteBuffer.wrap(b).order(elf.byteOrder());
        // Elf64_Nhdr: namesz, descsz, type (3: NT_GNU_BUILD_ID), then "GNU\0" and the id, 4-aligned
        if (b.length < 16) {
            return Optional.empty();
        }
        long nameSize = Integer.toUnsignedLong(n.getInt(0)), descSize = Integer.toUnsignedLong(n.getInt(4));
        long at = 12 + ((nameSize + 3) & ~3L);
        if (n.getInt(8) != 3 || descSize == 0 || descSize > 64 || at + descSize > b.length) {
            return Optional.empty();
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < descSize; i++) {
            hex.append(String.format("%02x", b[(int) at + i] & 0xff));
        }
        return Optional.of(hex.toString());
    }

    /** The address a file offset is loaded at (through the section holding it), or -1. */
    long addressOf(long fileOffset) {
        for (ElfSection s : loaded) {
            if (fileOffset >= s.offset() && fileOffset < s.offset() + s.size()) {
                return s.address() + (fileOffset - s.offset());
            }
        }
        return -1;
    }

    /** The function at {@code address} (an address as the file's symbols give them), or null. */
    String function(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        // several symbols may start at one address (aliases): any containing one will do
        for (int j = i; j >= 0 && j > i - 8; j--) {
            if (address >= starts[j] && address < ends[j]) {
                return names[j];
            }
        }
        return null;
    }

    /** How many functions it knows. */
    int size() {
        return names.length;
    }
}
