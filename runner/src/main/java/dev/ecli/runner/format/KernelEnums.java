package dev.ecli.runner.format;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names from the kernel's own enums (its BTF), found by one enumerator, since many are
 * anonymous ({@code TCP_ESTABLISHED}'s). Names lose what all the enum's names share in front
 * and behind ({@code TCP_SYN_SENT} → {@code SYN_SENT}, {@code NET_RX_SOFTIRQ} → {@code NET_RX}),
 * as the C tools print them; counters ({@code NR_*}, {@code *_MAX*}, {@code __*}) do not count.
 */
public final class KernelEnums {
    /** The kernel's BTF. */
    public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private KernelEnums() {}

    private static final class Kernel {
        static final Btf BTF = read();

        private static Btf read() {
            try {
                return Files.isReadable(VMLINUX) ? Btf.read(VMLINUX) : null;
            } catch (BtfFormatException | SecurityException e) {
                return null;
            }
        }
    }

    /** The short names of the kernel enum that has {@code enumerator}; empty when none has it. */
    public static Optional<Map<Long, String>> byEnumerator(String enumerator) {
        return Kernel.BTF == null ? Optional.empty() : byEnumerator(Kernel.BTF, enumerator);
    }

    /** As {@link #byEnumerator(String)}, in {@code btf}. */
    public static Optional<Map<Long, String>> byEnumerator(Btf btf, String enumerator) {
        for (BtfKind kind : List.of(BtfKind.ENUM, BtfKind.ENUM64)) {
            for (BtfType t : btf.findAll(kind)) {
                List<BtfType.EnumValue> values = t instanceof BtfType.Enum e ? e.values()
                        : ((BtfType.Enum64) t).values();
                if (values.stream().anyMatch(v -> v.name().equals(enumerator))) {
                    return Optional.of(shortNames(values));
                }
            }
        }
        return Optional.empty();
    }

    /** Values to names without the common prefix and suffix (ending and starting at a '_'). */
    static Map<Long, String> shortNames(List<BtfType.EnumValue> values) {
        List<String> names = new ArrayList<>();
        for (BtfType.EnumValue v : values) {
            if (!counter(v.name())) {
                names.add(v.name());
            }
        }
        String prefix = names.size() < 2 ? "" : commonPrefix(names);
        String suffix = names.size() < 2 ? "" : commonSuffix(names);
        Map<Long, String> out = new HashMap<>();
        for (BtfType.EnumValue v : values) {
            String n = v.name();
            if (!counter(n) && n.length() > prefix.length() + suffix.length()) {
                n = n.substring(prefix.length(), n.length() - suffix.length());
            }
            out.putIfAbsent(v.value(), n);
        }
        return out;
    }

    private static boolean counter(String n) {
        return n.startsWith("NR_") || n.startsWith("__") || n.contains("_MAX");
    }

    private static String commonPrefix(List<String> names) {
        String p = names.getFirst();
        for (String n : names) {
            int i = 0;
            while (i < p.length() && i < n.length() && p.charAt(i) == n.charAt(i)) {
                i++;
            }
            p = p.substring(0, i);
        }
        int cut = p.lastIndexOf('_');
        return cut < 0 ? "" : p.substring(0, cut + 1);
    }

    private static String commonSuffix(List<String> names) {
        String s = names.getFirst();
        for (String n : names) {
            int i = 0;
            while (i < s.length() && i < n.length() && s.charAt(s.length() - 1 - i) == n.charAt(n.length() - 1 - i)) {
                i++;
            }
            s = s.substring(s.length() - i);
        }
        int cut = s.indexOf('_');
        return cut < 0 ? "" : s.substring(cut);
    }
}
