package dev.ecli.runner.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A flag set shown as {@code NAME|NAME}: each name is a bit, or a value within a mask
 * ({@code O_WRONLY: 1/3}: the access mode is the two low bits). Bits no name covers follow in
 * hex, so nothing is hidden.
 */
public final class FlagSet {
    private record Flag(String name, long value, long mask) {}

    private FlagSet() {}

    /**
     * The format for the manifest's {@code flags:} table (name to {@code VALUE} or {@code VALUE/MASK}).
     * @throws NumberFormatException naming the entry that is no number, or whose value lies outside its mask
     */
    public static ValueFormat of(Map<String, String> table) {
        List<Flag> flags = new ArrayList<>();
        table.forEach((name, spec) -> {
            int slash = spec.indexOf('/');
            long value = NameTable.number(slash < 0 ? spec : spec.substring(0, slash));
            long mask = slash < 0 ? value : NameTable.number(spec.substring(slash + 1));
            if ((value & ~mask) != 0 || mask == 0) {
                throw new NumberFormatException(name + ": " + spec + " is not a bit, or a value inside its mask");
            }
            flags.add(new Flag(name, value, mask));
        });
        return v -> {
            StringBuilder sb = new StringBuilder();
            long covered = 0;
            for (Flag f : flags) {
                if ((v & f.mask) == f.value && (covered & f.mask) != f.mask) {
                    sb.append(sb.isEmpty() ? "" : "|").append(f.name);
                    covered |= f.mask;
                }
            }
            long rest = v & ~covered;
            if (rest != 0 || sb.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
            }
            return sb.toString();
        };
    }
}
