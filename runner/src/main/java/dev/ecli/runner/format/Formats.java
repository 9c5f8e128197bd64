package dev.ecli.runner.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The named formats and how typedef names select them. */
public final class Formats {
    /** Typedef names (ours and Inspektor Gadget's) that imply a format, whatever the manifest says. */
    private static final Map<String, String> TYPEDEFS = Map.ofEntries(
            Map.entry("gadget_timestamp", "timestamp"), Map.entry("ecli_timestamp", "timestamp"),
            Map.entry("gadget_duration", "duration"), Map.entry("ecli_duration", "duration"),
            Map.entry("gadget_signal", "signal"), Map.entry("ecli_signal", "signal"),
            Map.entry("gadget_errno", "errno"), Map.entry("ecli_errno", "errno"),
            Map.entry("gadget_uid", "uid"), Map.entry("gadget_gid", "uid"), Map.entry("ecli_uid", "uid"),
            Map.entry("ecli_wait_status", "wait-status"), Map.entry("ecli_hex", "hex"),
            Map.entry("ecli_ipv4", "ipv4"));

    private Formats() {}


    /** The format a typedef chain implies, if any (outermost typedef first). */
    public static Optional<String> fromTypedefs(List<String> typedefs) {
        for (String t : typedefs) {
            String f = TYPEDEFS.get(t);
            if (f != null) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The integer format for {@code name}; empty for names that do not apply to integers.
     * @param size the field's size in bytes (addresses need it)
     */
    public static Optional<ValueFormat> of(String name, int size) {
        return Optional.ofNullable(switch (name) {
            case "duration" -> ValueFormat.withUnit(Formats::duration);
            case "timestamp" -> ValueFormat.withUnit(Formats.timestamp());
            case "errno" -> Names::errno;
            case "ret" -> v -> v < 0 ? Names.errno(v) : Long.toString(v);
            case "syscall" -> Syscalls::name;
            case "disk" -> Disks::name;
            case "ksym" -> size == 8 ? v -> dev.ecli.runner.symbolize.KernelSymbols.shared().name(v) : null;
            case "signal" -> Names::signal;
            case "wait-status" -> Formats::waitStatus;
            case "hex" -> v -> "0x" + Long.toHexString(v);
            case "ipv4" -> size == 4 ? Formats::ipv4 : null;
            case "uid" -> Formats.users();
            case "flags" -> v -> "0x" + Long.toHexString(v);
            default -> null;
        });
    }

    /**
     * The format for a byte array ({@code __u8[N]}) named {@code name}: {@code ipv4} (4 bytes),
     * {@code ipv6} (16 bytes, RFC 5952) or {@code hex}; empty for names that do not apply.
     */
    public static Optional<BytesFormat> ofBytes(String name, int length) {
        return Addresses.of(name, length);
    }

    /**
     * An address of {@code family} (AF_INET 2: the first 4 bytes; AF_INET6 10: all 16) from the
     * bytes it is stored in, in memory order; other families as hex.
     */
    public static String ip(byte[] bytes, long family) {
        if (family == 2 && bytes.length >= 4) {
            return Addresses.ipv4(bytes);
        }
        if (family == 10 && bytes.length >= 16) {
            return Addresses.ipv6(bytes);
        }
        return Addresses.hex(bytes);
    }

    /**
     * Nanoseconds as a short human duration: 950ns, 12.3us, 4.10ms, 1.50s, 2m03s. Digits are
     * rounded half up, as {@code %.1f} and {@code %.2f} would round them, but without
     * {@link String#format}, whose first floating-point use costs about 17 ms of a table's
     * first row.
     */
    static String duration(long ns) {
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return fixed(ns, 100, 1, "us");
        }
        if (ns < 1_000_000_000) {
            return fixed(ns, 10_000, 2, "ms");
        }
        if (ns < 60_000_000_000L) {
            return fixed(ns, 10_000_000, 2, "s");
        }
        long s = ns / 1_000_000_000L;
        return s >= 3600 ? s / 3600 + "h" + twoDigits(s / 60 % 60) + "m" + twoDigits(s % 60) + "s"
                : s / 60 + "m" + twoDigits(s % 60) + "s";
    }

    /** {@code ns} in units of {@code step} ns, rounded half up, shown with {@code decimals} digits after the point. */
    private static String fixed(long ns, long step, int decimals, String unit) {
        long q = (ns + step / 2) / step;
        long scale = decimals == 1 ? 10 : 100;
        long frac = q % scale;
        return q / scale + (decimals == 2 && frac < 10 ? ".0" : ".") + frac + unit;
    }

    private static String twoDigits(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    /** wait(2) status: "exit 7", "SIGKILL", "SIGSEGV (core dumped)". */
    static String waitStatus(long status) {
        int signal = (int) (status & 0x7f);
        if (signal == 0) {
            return "exit " + ((status >> 8) & 0xff);
        }
        return Names.signal(signal) + ((status & 0x80) != 0 ? " (core dumped)" : "");
    }

    /** An IPv4 address as the kernel stores it (network order in memory, read natively). */
    static String ipv4(long v) {
        int a = (int) v;
        if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            a = Integer.reverseBytes(a);
        }
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    /** Monotonic (bpf_ktime_get_ns) nanoseconds as local wall-clock time, HH:MM:SS.mmm. */
    static ValueFormat timestamp() {
        // System.nanoTime is CLOCK_MONOTONIC on Linux, the clock bpf_ktime_get_ns reads.
        long offsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                .withZone(java.time.ZoneId.systemDefault());
        return ns -> f.format(java.time.Instant.ofEpochMilli((ns + offsetNs) / 1_000_000L));
    }

    /** uid → user name from /etc/passwd, read once; the number when unknown. */
    static ValueFormat users() {
        Map<Long, String> names = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    try {
                        names.putIfAbsent(Long.parseLong(f[2]), f[0]);
                    } catch (NumberFormatException e) {
                        // Not a passwd line.
                    }
                }
            }
        } catch (IOException e) {
            // No names: numbers it is.
        }
        return v -> names.getOrDefault(v, Long.toString(v));
    }
}
