package dev.ecli.runner.sample;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.symbolize.FrameNames;
import dev.ecli.runner.symbolize.UserSymbols;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the stack ids in a sampled map's rows into frames: each id is looked up in its
 * BPF_MAP_TYPE_STACK_TRACE map (an array of up to 127 return addresses, innermost first,
 * ended by a zero), kernel addresses named from /proc/kallsyms, user ones from the process's
 * mappings ({@link UserSymbols}) when the row says which process, else kept as addresses.
 * A negative id (no stack: a user-mode sample has no kernel stack) has no frames.
 */
public final class Stacks {
    /** One stack-id field: the stack map and whether its addresses are the kernel's. */
    public record Source(BpfMap map, boolean kernel) {}

    private final Map<String, Source> byField;
    private final FrameNames names = new FrameNames();

    /** @param byField the stack-id fields, in the order their frames are printed */
    public Stacks(Map<String, Source> byField) {
        this.byField = new LinkedHashMap<>(byField);
    }

    /** No stack fields. */
    public static Stacks none() {
        return new Stacks(Map.of());
    }

    /** Whether {@code field}'s frames are the kernel's. */
    public boolean kernel(String field) {
        Source s = byField.get(field);
        return s != null && s.kernel();
    }

    /** The stack-id fields, in print order. */
    public List<String> fields() {
        return List.copyOf(byField.keySet());
    }

    /**
     * The frames of the stack {@code id} of field {@code field}, innermost first.
     * @throws BpfException when the kernel refuses the lookup
     */
    public List<String> frames(String field, long id) throws BpfException {
        return frames(field, id, -1);
    }

    /**
     * The frames of the stack {@code id} of field {@code field}, innermost first; user frames of
     * process {@code tgid} are named (a tgid below 1: kept as addresses), by {@link FrameNames}.
     * @throws BpfException when the kernel refuses the lookup
     */
    public List<String> frames(String field, long id, int tgid) throws BpfException {
        Source s = byField.get(field);
        if (s == null || id < 0) {
            return List.of();
        }
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, (int) id).array();
        byte[] value = s.map().lookup(key);
        if (value == null) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        List<String> out = new ArrayList<>();
        for (int at = 0; at + 8 <= value.length; at += 8) {
            long address = b.getLong(at);
            if (address == 0) {
                break;
            }
            out.add(names.name(s.kernel(), tgid, address, out.size()));
        }
        return out;
    }
}
