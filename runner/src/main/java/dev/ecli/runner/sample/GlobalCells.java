package dev.ecli.runner.sample;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import java.util.List;
import java.util.Optional;

/**
 * A global variable in {@code .bss} or {@code .data} seen as the cells of an array map, so that
 * programs that count into plain globals (an array of per-CPU histograms, a counter per softirq)
 * can be sampled as maps are: an array variable has one cell per element, any other variable one.
 *
 * @param section       {@code .bss} or {@code .data}
 * @param offset        the variable's offset in its section
 * @param elementTypeId the BTF type of one cell
 * @param elementSize   bytes of one cell
 * @param count         the number of cells
 */
public record GlobalCells(String section, long offset, int elementTypeId, long elementSize, int count) {
    private static final List<String> SECTIONS = List.of(".bss", ".data");

    /** The variable of that name in {@code .bss} or {@code .data} (DATASEC offsets fixed up), or empty. */
    public static Optional<GlobalCells> find(Btf btf, String name) {
        for (String section : SECTIONS) {
            Optional<BtfType> ds = btf.find(section, BtfKind.DATASEC);
            if (ds.isEmpty()) {
                continue;
            }
            for (BtfType.VarSecInfo v : ((BtfType.Datasec) ds.get()).vars()) {
                if (!(btf.type(v.typeId()) instanceof BtfType.Var var) || !var.name().equals(name)) {
                    continue;
                }
                int elem = var.typeId();
                long count = 1;
                if (btf.resolve(var.typeId()) instanceof BtfType.Array a && a.nelems() > 0) {
                    elem = a.elemTypeId();
                    count = a.nelems();
                }
                long size = btf.sizeOf(elem);
                if (size <= 0 || count > Integer.MAX_VALUE || size * count > v.size()) {
                    return Optional.empty();
                }
                return Optional.of(new GlobalCells(section, v.offset(), elem, size, (int) count));
            }
        }
        return Optional.empty();
    }
}
