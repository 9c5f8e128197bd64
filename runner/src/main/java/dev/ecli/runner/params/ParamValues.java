package dev.ecli.runner.params;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values chosen for parameters, written into the object's data maps before load. Only values
 * the user gave are written: the rest keep the object's compiled-in data.
 */
public final class ParamValues {
    private final Map<ParamSpec, byte[]> values = new LinkedHashMap<>();

    /**
     * Sets {@code spec} from the option text.
     * @throws ParamException when the text does not fit the variable's type
     */
    public void set(ParamSpec spec, String text) throws ParamException {
        values.put(spec, spec.encode(text, ByteOrder.nativeOrder()));
    }

    /** Whether no value was given. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Patches each value into the internal map of its section ({@code <obj>.rodata} etc.).
     * @throws BpfException when libbpf refuses the new contents
     */
    public void applyTo(BpfObject object) throws BpfException {
        for (Map.Entry<ParamSpec, byte[]> e : values.entrySet()) {
            ParamSpec p = e.getKey();
            BpfMap map = object.maps().stream().filter(m -> m.name().endsWith(p.section())).findFirst()
                    .orElseThrow(() -> new BpfException("param " + p.variable() + ": the object has no "
                            + p.section() + " map", 0, ""));
            byte[] data = map.initialValue();
            if (data == null || p.offset() + p.size() > data.length) {
                throw new BpfException("param " + p.variable() + ": " + p.section() + " holds "
                        + (data == null ? 0 : data.length) + " bytes, the variable ends at "
                        + (p.offset() + p.size()), 0, "");
            }
            System.arraycopy(e.getValue(), 0, data, (int) p.offset(), p.size());
            map.setInitialValue(data);
        }
    }
}
