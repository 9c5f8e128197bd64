package dev.ecli.runner.params;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.sys.DirectoryFd;
import dev.ecli.runner.sys.SysException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values chosen for parameters, written into the object's data maps before load: those the user
 * gave and the manifest's defaults ({@link #withDefaults}); the rest keep the object's
 * compiled-in data.
 */
public final class ParamValues {
    private final Map<ParamSpec, byte[]> values = new LinkedHashMap<>();
    private final Map<ParamSpec, Path> cgroups = new LinkedHashMap<>();

    /**
     * Values holding each manifest {@code default} of a variable, so the object runs with what
     * {@code --help} shows even when the compiled-in value differs; {@link #set} overrides them.
     * @throws ParamException when a default does not fit its variable's type
     */
    public static ParamValues withDefaults(List<ParamSpec> params) throws ParamException {
        ParamValues v = new ParamValues();
        for (ParamSpec p : params) {
            if (p.manifestDefault() && !p.runnerOnly() && p.cgroupMap() == null) {
                v.values.put(p, p.encode(p.defaultText(), ByteOrder.nativeOrder()));
            }
        }
        return v;
    }

    /**
     * Sets {@code spec} from the option text (for a cgroup parameter: a cgroup directory).
     * @throws ParamException when the text does not fit the variable's type
     */
    public void set(ParamSpec spec, String text) throws ParamException {
        if (spec.cgroupMap() != null) {
            Path dir = Path.of(text);
            if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("cgroup.procs"))) {
                throw new ParamException("--" + spec.longName() + ": " + text
                        + " is not a cgroup v2 directory (no cgroup.procs in it)");
            }
            cgroups.put(spec, dir);
            values.put(spec, spec.encode("true", ByteOrder.nativeOrder()));
            return;
        }
        values.put(spec, spec.encode(text, ByteOrder.nativeOrder()));
    }

    /**
     * Stores each cgroup given on the command line in slot 0 of its cgroup-array map; call
     * after load, before attach.
     * @throws BpfException when the map is missing or the kernel refuses the cgroup
     */
    public void applyAfterLoad(BpfObject object) throws BpfException {
        for (Map.Entry<ParamSpec, Path> e : cgroups.entrySet()) {
            ParamSpec p = e.getKey();
            BpfMap map = object.map(p.cgroupMap()).orElseThrow(() -> new BpfException("param " + p.variable()
                    + ": no map named " + p.cgroupMap() + " for its cgroup", 0, ""));
            try (DirectoryFd dir = DirectoryFd.open(e.getValue().toString())) {
                ByteBuffer key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 0);
                ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, dir.fd());
                map.update(key.array(), value.array());
            } catch (SysException ex) {
                throw new BpfException("--" + p.longName() + ": " + ex.getMessage(), ex.errno(), "");
            }
        }
    }

    /**
     * The parameter's value on this run as option text: what was given, else the default
     * (the manifest's or the compiled-in value).
     */
    public String textOf(ParamSpec spec) {
        byte[] given = values.get(spec);
        if (spec.cgroupMap() != null) {
            Path dir = cgroups.get(spec);
            return dir == null ? "" : dir.toString();
        }
        return given == null ? spec.defaultText() : spec.decode(given, ByteOrder.nativeOrder());
    }

    /** Whether no value is to be written (none given, no manifest default). */
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
            if (p.runnerOnly()) {
                continue; // read through textOf, never written into the object
            }
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
