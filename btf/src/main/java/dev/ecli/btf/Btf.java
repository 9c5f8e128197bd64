package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import dev.ecli.elf.BoundedFile;
import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed BTF type graph: from a raw blob (e.g. {@code /sys/kernel/btf/vmlinux}), from the
 * {@code .BTF} section of an ELF object, or split BTF on top of a base. Immutable and safe to
 * share between threads once built.
 *
 * <p>Parsing walks the whole type section once and checks every length, string offset and
 * type reference, so a {@code Btf} that parsed never fails later with a bad offset. Type
 * records are decoded on first use and cached. Methods that follow type references
 * ({@link #resolve}, {@link #sizeOf}, ...) throw {@link BtfFormatException} on a reference
 * cycle instead of looping.
 */
public final class Btf {
    private static final BtfType VOID = new BtfType.Void();

    private final Btf base;
    private final BtfHeader header;
    private final TypeTable table;
    private final BtfType[] cache;
    private final NameIndex names;
    private volatile int pointerSize;

    /** Parses {@code raw}, which is kept; {@code fileOffset} is where it starts in its file, for messages. */
    private Btf(byte[] raw, Btf base, String what, long fileOffset) {
        this.base = base;
        this.header = BtfHeader.read(raw, what);
        ByteCursor data = ByteCursor.of(raw, header.order(), what, fileOffset).slice(what + " data", header.hdrLen(),
                raw.length - header.hdrLen());
        BtfStrings strings = BtfStrings.of(
                data.slice(what + " string section", header.strOff(), header.strLen()),
                base == null ? null : base.table.strings());
        this.table = new TypeTable(data.slice(what + " type section", header.typeOff(), header.typeLen()),
                strings, base == null ? 1 : base.typeCount());
        this.cache = new BtfType[table.endId() - table.firstId()];
        this.names = new NameIndex(table);
    }

    /**
     * Parses a raw BTF blob (either byte order; the magic tells which). The bytes are copied.
     *
     * @throws BtfFormatException on malformed input, naming the section and offset
     */
    public static Btf parse(byte[] raw) {
        return new Btf(raw.clone(), null, "BTF", 0);
    }

    /**
     * Parses split BTF whose type ids and string offsets continue after {@code base}'s (kernel
     * module BTF on top of vmlinux). The bytes are copied.
     *
     * @throws BtfFormatException on malformed input
     */
    public static Btf parseSplit(byte[] raw, Btf base) {
        return new Btf(raw.clone(), base, "split BTF", 0);
    }

    /**
     * Reads the {@code .BTF} section of an ELF object and applies libbpf's DATASEC fix-up
     * (section sizes from the section headers, variable offsets from symbol values), as the
     * loader will see it. Same as {@code fromElf(elf, true)}.
     *
     * @throws BtfFormatException when the object has no .BTF, the BTF is malformed, or the
     *                            fix-up finds no section or symbol it needs
     */
    public static Btf fromElf(ElfFile elf) {
        return fromElf(elf, true);
    }

    /**
     * Reads the {@code .BTF} section of an ELF object; with {@code fixup} false the types are
     * exactly as the compiler wrote them (what {@code bpftool btf dump file} shows).
     *
     * @throws BtfFormatException as {@link #fromElf(ElfFile)}
     */
    public static Btf fromElf(ElfFile elf, boolean fixup) {
        return fromElf(elf, null, fixup);
    }

    private static Btf fromElf(ElfFile elf, Btf base, boolean fixup) {
        ElfSection section = elf.section(".BTF")
                .orElseThrow(() -> new BtfFormatException("ELF object has no .BTF section"));
        byte[] raw = elf.contents(section);
        String what = "ELF .BTF";
        Btf btf = new Btf(raw, base, what, section.offset());
        if (fixup && DatasecFixup.apply(btf, raw, elf)) {
            btf = new Btf(raw, base, what, section.offset());
        }
        return btf;
    }

    /**
     * Reads a file that is either an ELF object or raw BTF. An object's BTF is returned as
     * stored, without the DATASEC fix-up (use {@link #fromElf} for that), so that it matches
     * {@code bpftool btf dump file}.
     *
     * @throws BtfFormatException   when the file is neither, or is malformed
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Btf read(Path file) {
        return read(file, null);
    }

    /**
     * Reads split BTF (raw or an ELF object's .BTF) on top of {@code base}, e.g.
     * {@code /sys/kernel/btf/nf_tables} on {@code /sys/kernel/btf/vmlinux}.
     *
     * @throws BtfFormatException   when the file is malformed
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Btf readSplit(Path file, Btf base) {
        return read(file, base);
    }

    private static Btf read(Path file, Btf base) {
        byte[] bytes;
        try {
            bytes = BoundedFile.read(file, BoundedFile.MAX_LIMIT);
        } catch (BoundedFile.Refused e) {
            throw new BtfFormatException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (ElfFile.isElf(bytes)) {
            return fromElf(ElfFile.parse(bytes), base, false);
        }
        if (BtfHeader.byteOrder(bytes) == null) {
            throw new BtfFormatException(file + ": neither an ELF object nor raw BTF (no ELF or BTF magic)");
        }
        return new Btf(bytes, base, base == null ? "BTF" : "split BTF", 0);
    }

    /** One past the last string offset (base strings included): where split BTF's strings start. */
    long stringEnd() {
        return table.strings().end();
    }

    /** The base BTF of split BTF, or null. */
    public Btf base() {
        return base;
    }

    /** The byte order of the blob this was parsed from. */
    public ByteOrder byteOrder() {
        return header.order();
    }

    /** Number of type ids, including void (id 0) and, for split BTF, the base's. */
    public int typeCount() {
        return table.endId();
    }

    /** The first id defined by this blob: 1, or the base's {@link #typeCount()} for split BTF. */
    public int firstTypeId() {
        return table.firstId();
    }

    /**
     * The type with this id; id 0 is {@link BtfType.Void}. Decoded on first use, then cached.
     *
     * @throws IllegalArgumentException when no such id
     */
    public BtfType type(int id) {
        if (id < table.firstId()) {
            if (id == 0) {
                return VOID;
            }
            if (base != null && id > 0) {
                return base.type(id);
            }
        }
        if (id < 0 || id >= table.endId()) {
            throw new IllegalArgumentException("no BTF type id " + id + " (ids are 0.." + (table.endId() - 1) + ")");
        }
        int i = id - table.firstId();
        BtfType t = cache[i];
        if (t == null) {
            // Racing threads may both decode; records are immutable, so either copy is fine.
            t = BtfDecoder.decode(table, id);
            cache[i] = t;
        }
        return t;
    }

    /**
     * The kind of the type with this id, without decoding it ({@link BtfKind#UNKN} for void).
     *
     * @throws IllegalArgumentException when no such id
     */
    public BtfKind kind(int id) {
        if (id == 0) {
            return BtfKind.UNKN;
        }
        if (id < table.firstId() && base != null && id > 0) {
            return base.kind(id);
        }
        if (id < 0 || id >= table.endId()) {
            throw new IllegalArgumentException("no BTF type id " + id);
        }
        return table.kind(id);
    }

    /** The first type with this name and kind, base BTF first. */
    public Optional<BtfType> find(String name, BtfKind kind) {
        if (base != null) {
            Optional<BtfType> t = base.find(name, kind);
            if (t.isPresent()) {
                return t;
            }
        }
        for (int id : names.ids(name)) {
            if (table.kind(id) == kind) {
                return Optional.of(type(id));
            }
        }
        return Optional.empty();
    }

    /** Every type with this name, any kind, in id order (base BTF first). */
    public List<BtfType> findAll(String name) {
        List<BtfType> out = base == null ? new ArrayList<>() : new ArrayList<>(base.findAll(name));
        for (int id : names.ids(name)) {
            out.add(type(id));
        }
        return out;
    }

    /** Every type of this kind, in id order (base BTF first). */
    public List<BtfType> findAll(BtfKind kind) {
        List<BtfType> out = base == null ? new ArrayList<>() : new ArrayList<>(base.findAll(kind));
        for (int id = table.firstId(); id < table.endId(); id++) {
            if (table.kind(id) == kind) {
                out.add(type(id));
            }
        }
        return out;
    }

    /**
     * Follows modifiers (const, volatile, restrict, type_tag) and typedefs to the underlying type.
     *
     * @throws BtfFormatException on a reference cycle
     */
    public BtfType resolve(int typeId) {
        return BtfLayout.resolve(this, typeId, true);
    }

    /**
     * Follows modifiers only, keeping typedefs.
     *
     * @throws BtfFormatException on a reference cycle
     */
    public BtfType skipModifiers(int typeId) {
        return BtfLayout.resolve(this, typeId, false);
    }

    /**
     * Typedef names met while resolving {@code typeId}, outermost first (e.g. [pid_t, __kernel_pid_t]).
     *
     * @throws BtfFormatException on a reference cycle
     */
    public List<String> typedefChain(int typeId) {
        return BtfLayout.typedefChain(this, typeId);
    }

    /**
     * Size in bytes, as the C compiler would lay it out (libbpf's {@code btf__resolve_size}).
     *
     * @throws BtfFormatException for void/func/func_proto/fwd, on a cycle, or on overflow
     */
    public long sizeOf(int typeId) {
        return BtfLayout.sizeOf(this, typeId);
    }

    /**
     * Alignment in bytes (libbpf's {@code btf__align_of}); 1 for a packed struct.
     *
     * @throws BtfFormatException for void/func/func_proto/fwd, or on a cycle
     */
    public int alignOf(int typeId) {
        return BtfLayout.alignOf(this, typeId);
    }

    /**
     * A member's bitfield width in bits, or 0 when it is no bitfield. Covers both encodings:
     * the composite's kind_flag ({@link BtfType.Member#bitfieldSize()}) and the older one where
     * the member's INT type carries the width.
     */
    public int bitfieldWidth(BtfType.Member member) {
        return BtfLayout.bitfieldWidth(this, member);
    }

    /** A member's offset in bits from the start of its composite, with an INT's own bit offset added. */
    public long memberBitOffset(BtfType.Member member) {
        return BtfLayout.memberBitOffset(this, member);
    }

    /** Size of a pointer: that of the {@code long} INT when there is one, else 8. */
    public int pointerSize() {
        int p = pointerSize;
        if (p == 0) {
            p = BtfLayout.pointerSize(this);
            pointerSize = p;
        }
        return p;
    }

    /** The header it was read with, for rewriting in this package. */
    BtfHeader header() {
        return header;
    }

    /** The wire table, for the dumper and fix-up in this package. */
    TypeTable table() {
        return table;
    }

    /** The table that holds {@code id}, this one's or a base's. */
    TypeTable tableOf(int id) {
        Btf b = this;
        while (id < b.table.firstId() && b.base != null) {
            b = b.base;
        }
        return b.table;
    }

    @Override
    public String toString() {
        return "Btf[" + (table.endId() - table.firstId()) + " types from id " + table.firstId() + ", "
                + header.order() + (base == null ? "" : ", split") + "]";
    }
}
