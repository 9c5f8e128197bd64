package dev.ecli.runner.session;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.loop.Source;
import dev.ecli.runner.pkg.PackageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A package's count of records it could not reserve (manifest: {@code exports[].drops}): a
 * global integer in {@code .bss} or {@code .data}, read through that section's map.
 */
public final class DropCounter implements Source.Drops {
    private final BpfMap map;
    private final long offset;
    private final int size;
    private long last;

    private DropCounter(BpfMap map, long offset, int size) {
        this.map = map;
        this.offset = offset;
        this.size = size;
    }

    /**
     * Finds {@code variable} in the object's writable data sections.
     * @throws PackageException when it is not an integer global in .bss or .data
     */
    static DropCounter find(BpfObject object, Btf btf, String variable, String exportMap) throws PackageException {
        String wrong = problem(btf, variable, exportMap);
        if (wrong != null) {
            throw new PackageException(wrong);
        }
        for (String section : List.of(".bss", ".data")) {
            BtfType.VarSecInfo v = variable(btf, section, variable);
            if (v != null) {
                BpfMap map = object.maps().stream().filter(m -> m.name().endsWith(section)).findFirst()
                        .orElseThrow(() -> new PackageException("drops of export '" + exportMap + "': the object has no "
                                + section + " map"));
                return new DropCounter(map, v.offset(), (int) v.size());
            }
        }
        throw new IllegalStateException("checked above");
    }

    /**
     * Why {@code variable} cannot count the drops of {@code exportMap}, or null when it can: it
     * must be a 32- or 64-bit integer global in {@code .bss} or {@code .data}. Reads only BTF, so
     * the run's plan and validate check it before anything is loaded.
     */
    public static String problem(Btf btf, String variable, String exportMap) {
        for (String section : List.of(".bss", ".data")) {
            BtfType.VarSecInfo v = variable(btf, section, variable);
            if (v == null) {
                continue;
            }
            BtfType t = btf.resolve(((BtfType.Var) btf.type(v.typeId())).typeId());
            if (!(t instanceof BtfType.Int i) || (i.size() != 4 && i.size() != 8)) {
                return "drops of export '" + exportMap + "': " + variable + " must be a 32- or 64-bit integer";
            }
            return null;
        }
        return "drops of export '" + exportMap + "' names '" + variable
                + "', which is not a global variable in .bss or .data";
    }

    private static BtfType.VarSecInfo variable(Btf btf, String section, String name) {
        BtfType.Datasec ds = (BtfType.Datasec) btf.find(section, BtfKind.DATASEC).orElse(null);
        if (ds == null) {
            return null;
        }
        return ds.vars().stream().filter(v -> btf.type(v.typeId()).name().equals(name)).findFirst().orElse(null);
    }

    /** The counter's current value. */
    @Override
    public long read() throws BpfException {
        byte[] data = map.lookup(new byte[4]);
        if (data == null || offset + size > data.length) {
            return last;
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        last = size == 8 ? b.getLong((int) offset) : b.getInt((int) offset) & 0xffff_ffffL;
        return last;
    }
}
