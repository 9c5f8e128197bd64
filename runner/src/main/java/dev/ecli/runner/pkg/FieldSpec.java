package dev.ecli.runner.pkg;

import java.util.List;

/**
 * How one field of an exported struct is shown. Every part is optional (null, or false).
 *
 * @param format      the value's meaning, one of the schema's names: {@code duration},
 *                    {@code timestamp}, {@code errno}, {@code signal}, {@code wait-status},
 *                    {@code hex}, {@code ipv4}, {@code ipv6}, {@code uid}, {@code flags}
 * @param width       table column width in characters
 * @param hidden      leave the field out unless asked for
 * @param description what the field holds
 */
public record FieldSpec(String format, Integer width, boolean hidden, String description) {
    /** Names of {@link #format()}, as the schema spells them. */
    public static final List<String> FORMATS = List.of("duration", "timestamp", "errno",
            "signal", "wait-status", "hex", "ipv4", "ipv6", "uid", "flags",
            "cgroup", "process");
}
