package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How one field of an exported struct is shown. Every part is optional (null, empty, or false).
 *
 * @param format      the value's meaning, one of {@link #FORMATS}, as the schema spells them
 * @param width       table column width in characters
 * @param hidden      leave the field out unless asked for
 * @param description what the field holds
 * @param enumOf      an enumerator of the kernel enum that names the values ({@code TCP_ESTABLISHED})
 * @param letterCase  {@code lower} to show names from {@code enumOf} or {@code names} in lower case
 * @param names       value (decimal or 0x hex text) to name, for constants not in BTF
 * @param flags       flag name to {@code VALUE} or {@code VALUE/MASK} (decimal or 0x hex)
 * @param family      for {@code format: ip}, the field holding the address family
 * @param join        for {@code format: strings}, what goes between the strings (default a space)
 * @param reversed    for {@code format: strings}, the strings are stored last first
 * @param when        a condition on a bool parameter ({@code "!${process}"}): the meaning
 *                    (format, names) applies only when it holds; null: always
 * @param shownWhen   a condition on a bool parameter: the field is shown only when it holds
 *                    (a key field that means something only with an option); null: always
 * @param tag         for a union: the integer field that says which member holds the value
 * @param arms        for a union: the tag's value (decimal or 0x hex) to the member shown for it
 * @param byteOrder   {@code network}: the integer is stored big-endian (a port as the kernel keeps it)
 * @param length      for {@code kstack}/{@code ustack}: the field holding how many bytes of the
 *                    array are used (what {@code bpf_get_stack} returned); null: up to a zero
 */
public record FieldSpec(String format, Integer width, boolean hidden, String description,
                        @JsonProperty("enum") String enumOf, @JsonProperty("case") String letterCase,
                        Map<String, String> names, Map<String, String> flags, String family, String join,
                        boolean reversed, String when, @JsonProperty("shown-when") String shownWhen, String tag,
                        Map<String, String> arms, @JsonProperty("byte-order") String byteOrder, String length) {
    /** Names of {@link #format()}, as the schema spells them. */
    public static final List<String> FORMATS = List.of("duration", "timestamp", "errno", "ret",
            "signal", "syscall", "wait-status", "hex", "ipv4", "ipv6", "ip", "disk", "ksym", "uid", "flags", "strings", "path", "kstack", "ustack",
            "cgroup", "process");

    public FieldSpec {
        names = Manifest.ordered(names);
        flags = Manifest.ordered(flags);
        arms = Manifest.ordered(arms);
    }

    /** A spec with only the display parts. */
    public FieldSpec(String format, Integer width, boolean hidden, String description) {
        this(format, width, hidden, description, null, null, null, null, null, null, false, null, null, null, null,
                null, null);
    }

    /** This spec on a run where {@code when} came out {@code meaning} and {@code shown-when} {@code shown}. */
    public FieldSpec resolved(boolean meaning, boolean shown) {
        return meaning ? new FieldSpec(format, width, hidden || !shown, description, enumOf, letterCase, names, flags,
                family, join, reversed, null, null, tag, arms, byteOrder, length)
                : new FieldSpec(null, width, hidden || !shown, description, null, null, null, null, null, null, false,
                null, null, null, null, byteOrder, null);
    }

    /** Whether names come from somewhere besides the format ({@code enum}, {@code names}, {@code flags}). */
    public boolean named() {
        return enumOf != null || !names.isEmpty() || !flags.isEmpty();
    }
}
