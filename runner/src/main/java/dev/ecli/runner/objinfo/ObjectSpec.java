package dev.ecli.runner.objinfo;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.CDeclarations;
import dev.ecli.elf.BoundedFile;
import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSection;
import dev.ecli.elf.ElfSymbol;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BPF object as its bytes declare it, read once from a file or from memory, with no libbpf
 * and no kernel (cilium/ebpf's {@code CollectionSpec}): its ELF, its BTF (with libbpf's DATASEC
 * fix-up), its programs and their sections, its BTF-defined maps with their {@link MapType}
 * numbers, and its global variables with their initial bytes. The only reader of object files
 * in ecli-java: every command, the run plan and replay take one of these. Deterministic, so
 * {@code build}, {@code validate} and {@code inspect} work without privilege. Immutable.
 */
public final class ObjectSpec {
    /** SHF_EXECINSTR: a section holding code. */
    private static final long SHF_EXECINSTR = 0x4;

    /**
     * A program: a function in a code section other than {@code .text} (there, functions are
     * subprograms), as libbpf counts them.
     */
    public record Program(String name, String section) {}

    /**
     * A map declared in {@code .maps}, from its BTF definition ({@code __uint(type, ...)} etc.);
     * absent attributes are 0.
     */
    public record MapDef(String name, int type, long keySize, long valueSize, long maxEntries) {}

    /**
     * A global variable of any DATASEC.
     *
     * @param section the DATASEC's name ({@code .rodata}, {@code .bss}, {@code .maps}, ...)
     * @param linkage the VAR's linkage: 0 static, 1 global
     * @param initial its initial bytes (zeros in {@code .bss}); empty when out of range
     */
    public record Variable(String name, String section, int typeId, int linkage, long offset, long size,
                           byte[] initial) {}

    private final String name;
    private final ElfFile elf;
    private final Btf btf;
    private final List<Program> programs;
    private final List<MapDef> maps;
    private final List<Variable> variables;

    /**
     * The largest object file read. BPF objects are kilobytes to a few megabytes (debug info
     * included), and a pulled one may have 64 MiB; a bigger file is refused before it is read.
     */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private ObjectSpec(String name, ElfFile elf, Btf btf) {
        this.name = name;
        this.elf = elf;
        this.btf = btf;
        this.programs = findPrograms(elf);
        this.variables = findVariables(elf, btf);
        this.maps = findMaps(btf, variables);
    }

    /**
     * Parses an object held in memory.
     * @param name  the object's file name, for messages ({@code prog.bpf.o})
     * @param bytes the ELF file; kept, not copied
     * @throws ObjectException when it is not ELF, or its ELF or BTF is malformed
     */
    public static ObjectSpec parse(String name, byte[] bytes) throws ObjectException {
        try {
            ElfFile elf = ElfFile.parse(bytes);
            return new ObjectSpec(name, elf, Btf.fromElf(elf));
        } catch (BtfFormatException | IllegalArgumentException e) {
            throw new ObjectException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and parses an object file: a regular file of at most {@link #MAX_FILE_BYTES}.
     * @param name the object's name for messages (its file name, or the path the user gave)
     * @throws ObjectException when the file cannot be read, is not a regular file or is larger,
     *                         or as {@link #parse}
     */
    public static ObjectSpec read(Path file, String name) throws ObjectException {
        byte[] bytes;
        try {
            bytes = BoundedFile.read(file, MAX_FILE_BYTES);
        } catch (BoundedFile.Refused e) {
            throw new ObjectException(name + ": " + e.getMessage()
                    + (Files.isRegularFile(file) ? " for a BPF object" : ""), e);
        } catch (IOException e) {
            throw new ObjectException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return parse(name, bytes);
    }

    /**
     * This object with struct layouts its BTF lacks added on top ({@link CDeclarations}): exports
     * and sampled maps find them as they find the object's own. What libbpf loads is unchanged.
     * @param structs struct name to C member declarations, in order
     * @return this object when {@code structs} is empty
     * @throws ObjectException naming the struct and declaration at fault
     */
    public ObjectSpec withStructs(Map<String, String> structs) throws ObjectException {
        if (structs.isEmpty()) {
            return this;
        }
        try {
            return new ObjectSpec(name, elf, CDeclarations.declare(btf, structs));
        } catch (IllegalArgumentException | BtfFormatException e) {
            throw new ObjectException("structs: " + e.getMessage(), e);
        }
    }

    /**
     * This object with {@code split} as its BTF: split BTF built on this object's own
     * ({@link dev.ecli.btf.SplitBtfBuilder}), holding record layouts a package describes apart
     * from the object (an eunomia package's JSON layout). What libbpf loads is unchanged.
     * @throws IllegalArgumentException when {@code split} is not built on this object's BTF
     */
    public ObjectSpec withBtf(Btf split) {
        if (split == btf) {
            return this;
        }
        if (split.base() != btf) {
            throw new IllegalArgumentException("split BTF not built on " + name + "'s own");
        }
        return new ObjectSpec(name, elf, split);
    }

    /** The object's name for messages, e.g. {@code prog.bpf.o}. */
    public String name() {
        return name;
    }

    /** The object's ELF file. */
    public ElfFile elf() {
        return elf;
    }

    /** The object's BTF, DATASEC sizes and offsets fixed up from the ELF as libbpf does. */
    public Btf btf() {
        return btf;
    }

    /** The byte order of the object's data (and so of its variables' initial bytes). */
    public ByteOrder byteOrder() {
        return elf.byteOrder();
    }

    /** Programs in section order, then by offset in their section. */
    public List<Program> programs() {
        return programs;
    }

    /** Maps in declaration order. */
    public List<MapDef> maps() {
        return maps;
    }

    /** Variables of every DATASEC, section by section in BTF order. */
    public List<Variable> variables() {
        return variables;
    }

    public Optional<Program> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<MapDef> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<Variable> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    private static List<Program> findPrograms(ElfFile elf) {
        List<ElfSymbol> funcs = new ArrayList<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.type() != ElfSymbol.STT_FUNC || s.name().isEmpty() || s.sectionIndex() <= 0
                    || s.sectionIndex() >= elf.sections().size()) {
                continue;
            }
            ElfSection sec = elf.sections().get(s.sectionIndex());
            if ((sec.flags() & SHF_EXECINSTR) != 0 && !sec.name().equals(".text")) {
                funcs.add(s);
            }
        }
        funcs.sort(Comparator.comparingInt(ElfSymbol::sectionIndex).thenComparingLong(ElfSymbol::value));
        return funcs.stream().map(s -> new Program(s.name(), elf.sections().get(s.sectionIndex()).name())).toList();
    }

    private static List<Variable> findVariables(ElfFile elf, Btf btf) {
        List<Variable> out = new ArrayList<>();
        for (BtfType t : btf.findAll(BtfKind.DATASEC)) {
            BtfType.Datasec ds = (BtfType.Datasec) t;
            byte[] data = elf.section(ds.name()).map(elf::contents).orElse(new byte[0]);
            boolean zeros = elf.section(ds.name()).map(s -> s.type() == ElfSection.SHT_NOBITS).orElse(false);
            for (BtfType.VarSecInfo v : ds.vars()) {
                if (!(btf.type(v.typeId()) instanceof BtfType.Var var)) {
                    continue;
                }
                byte[] initial;
                if (zeros) {
                    initial = new byte[(int) Math.min(Math.max(v.size(), 0), 1 << 20)];
                } else if (v.offset() >= 0 && v.size() >= 0 && v.offset() + v.size() <= data.length) {
                    initial = java.util.Arrays.copyOfRange(data, (int) v.offset(), (int) (v.offset() + v.size()));
                } else {
                    initial = new byte[0];
                }
                out.add(new Variable(var.name(), ds.name(), var.typeId(), var.linkage(), v.offset(), v.size(), initial));
            }
        }
        return List.copyOf(out);
    }

    private static List<MapDef> findMaps(Btf btf, List<Variable> variables) {
        List<MapDef> out = new ArrayList<>();
        for (Variable v : variables) {
            if (!v.section().equals(".maps")) {
                continue;
            }
            long type = 0, key = 0, value = 0, max = 0;
            if (btf.resolve(v.typeId()) instanceof BtfType.Struct def) {
                for (BtfType.Member m : def.members()) {
                    switch (m.name()) {
                        case "type" -> type = encodedNumber(btf, m.typeId());
                        case "key_size" -> key = encodedNumber(btf, m.typeId());
                        case "value_size" -> value = encodedNumber(btf, m.typeId());
                        case "max_entries" -> max = encodedNumber(btf, m.typeId());
                        case "key" -> key = pointeeSize(btf, m.typeId());
                        case "value" -> value = pointeeSize(btf, m.typeId());
                        default -> { }
                    }
                }
            }
            out.add(new MapDef(v.name(), (int) type, key, value, max));
        }
        return List.copyOf(out);
    }

    /** libbpf's {@code __uint(name, N)} is {@code int (*name)[N]}: N is the array's length. */
    private static long encodedNumber(Btf btf, int typeId) {
        if (btf.skipModifiers(typeId) instanceof BtfType.Ptr p && btf.skipModifiers(p.typeId()) instanceof BtfType.Array a) {
            return a.nelems();
        }
        return 0;
    }

    /** {@code __type(key, T)} is {@code T *key}: the key size is T's. */
    private static long pointeeSize(Btf btf, int typeId) {
        if (btf.skipModifiers(typeId) instanceof BtfType.Ptr p) {
            try {
                return btf.sizeOf(p.typeId());
            } catch (BtfFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
