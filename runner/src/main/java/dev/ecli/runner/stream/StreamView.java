package dev.ecli.runner.stream;

import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.FlagSet;
import dev.ecli.runner.format.Formats;
import dev.ecli.runner.format.KernelEnums;
import dev.ecli.runner.format.NameTable;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.pkg.ComputedSpec;
import dev.ecli.runner.pkg.FieldSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the view of a stream of records (an export's events, a sampled map's rows): which
 * fields are shown, each field's format (the manifest's, else its typedef's) and table width.
 * Exports, samplers and metric labels all ask here, so a new field meaning is added once.
 * Stateless.
 */
public final class StreamView {
    /** The longest byte array a format ({@code ipv6}, ...) reads as one value. */
    private static final int MAX_FORMATTED_BYTES = 64;

    private StreamView() {}

    /**
     * The view of {@code plan}'s records as {@code specs} (the manifest's per-field settings,
     * by field name) say: formats, widths, and hidden fields left out. Specs for fields the
     * plan does not have are ignored: check them first with {@link #unknownFields}.
     * @param name the map the records come from
     */
    public static EventStream of(String name, DecodePlan plan, Map<String, FieldSpec> specs) {
        return of(name, plan, specs, Map.of());
    }

    /**
     * As {@link #of(String, DecodePlan, Map)}, with {@code computed} columns after the struct's
     * fields. Columns that {@link #problems} would refuse are left out: check first.
     */
    public static EventStream of(String name, DecodePlan plan, Map<String, FieldSpec> specs,
                                 Map<String, ComputedSpec> computed) {
        Map<String, ValueFormat> formats = new HashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        List<Field> shown = new ArrayList<>();
        for (Field f : plan.fields()) {
            FieldSpec spec = specs.get(f.name());
            Field as = text(plan, f, spec, specs).orElse(f);
            if (as == f || "network".equals(spec.byteOrder())) {
                format(f, spec).ifPresent(vf -> formats.put(f.name(), vf));
            }
            if (spec != null && spec.width() != null) {
                widths.put(f.name(), spec.width());
            } else {
                naturalWidth(f, as, spec).ifPresent(w -> widths.put(f.name(), w));
            }
            if (spec == null || !spec.hidden()) {
                shown.add(as);
            }
        }
        for (Map.Entry<String, ComputedSpec> e : computed.entrySet()) {
            ComputedSpec c = e.getValue();
            try {
                Field.Computed f = Computation.compile(e.getKey(), c.expr(), byName(plan));
                plan = plan.withExtra(List.of(f));
                shown.add(f);
                if (c.format() != null && Computation.whole(c.expr())) {
                    Formats.of(c.format(), 8).ifPresent(vf -> formats.put(f.name(), vf));
                }
                if (c.width() != null) {
                    widths.put(f.name(), c.width());
                }
            } catch (Computation.Invalid | DecodeException x) {
                // problems() names it
            }
        }
        return new EventStream(name, plan, shown, formats, widths, record -> true);
    }

    private static Map<String, Field> byName(DecodePlan plan) {
        Map<String, Field> out = new java.util.LinkedHashMap<>();
        plan.fields().forEach(f -> out.put(f.name(), f));
        return out;
    }

    /** Each way {@code computed} columns cannot be made over {@code plan}, one message each. */
    public static List<String> computedProblems(String at, DecodePlan plan, Map<String, ComputedSpec> computed) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ComputedSpec> e : computed.entrySet()) {
            String where = at + "." + e.getKey();
            ComputedSpec c = e.getValue();
            if (byName(plan).containsKey(e.getKey())) {
                out.add(where + ": the struct already has a field " + e.getKey() + "; name the column otherwise");
                continue;
            }
            try {
                Computation.compile(e.getKey(), c.expr(), byName(plan));
            } catch (Computation.Invalid x) {
                out.add(where + ".expr: " + c.expr() + ": " + x.getMessage());
                continue;
            }
            if (c.format() != null && (!Computation.whole(c.expr()) || Formats.of(c.format(), 8).isEmpty())) {
                out.add(where + ".format: " + c.format() + " does not apply to " + (Computation.whole(c.expr())
                        ? "a computed whole number" : "a decimal (the expression has a number with a point)"));
            }
        }
        return out;
    }

    /** A table width the field's meaning needs, where its type alone would give too little. */
    private static Optional<Integer> naturalWidth(Field f, Field as, FieldSpec spec) {
        String implied = spec != null && spec.format() != null ? spec.format()
                : Formats.fromTypedefs(f.typedefs()).orElse("");
        // the widest common text of each format, so cells line up under their headers
        Optional<Integer> byFormat = switch (implied) {
            case "timestamp" -> Optional.of(12);
            case "duration" -> Optional.of(9);
            case "errno", "ret" -> Optional.of(10);
            case "signal" -> Optional.of(11);
            case "wait-status" -> Optional.of(16);
            case "ksym" -> Optional.of(24);
            default -> Optional.empty();
        };
        if (spec == null || byFormat.isPresent()) {
            return byFormat;
        }
        if (as != f && "ip".equals(spec.format())) {
            return Optional.of(16); // 127.0.0.1, ::1, ::ffff:127.0.0.1; longer IPv6 addresses overflow
        }
        if (spec.tag() != null) {
            return Optional.of(24); // a union's arm, a struct written inline; longer ones are cut
        }
        if (spec.enumOf() != null || !spec.names().isEmpty()) {
            java.util.Collection<String> names = spec.enumOf() != null
                    ? KernelEnums.byEnumerator(spec.enumOf()).map(Map::values).orElse(List.of())
                    : spec.names().values();
            return names.stream().map(String::length).max(Integer::compare).map(w -> Math.min(w, 24));
        }
        if (!spec.flags().isEmpty()) {
            return Optional.of(18);
        }
        if (("hex".equals(spec.format()) || "flags".equals(spec.format())) && f instanceof Field.IntField i) {
            return Optional.of(2 + 2 * Math.min(i.size(), 8));
        }
        return switch (spec.format() == null ? "" : spec.format()) {
            case "syscall" -> Optional.of(16);
            case "disk" -> Optional.of(8);
            case "strings", "path" -> Optional.of(32);
            case "kstack", "ustack" -> Optional.of(40);
            default -> Optional.empty();
        };
    }

    /** {@code f} as text when its spec says so ({@code ip} with a family, {@code strings}). */
    private static Optional<Field> text(DecodePlan plan, Field f, FieldSpec spec, Map<String, FieldSpec> specs) {
        if (spec != null && "network".equals(spec.byteOrder())) {
            return TextRules.networkOrder(f);
        }
        if (spec != null && spec.tag() != null) {
            try {
                Map<Long, String> arms = NameTable.parse(spec.arms());
                return field(plan, spec.tag()).flatMap(tag -> TextRules.union(f, tag, arms));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (spec == null || spec.format() == null) {
            return Optional.empty();
        }
        return switch (spec.format()) {
            case "ip" -> spec.family() == null ? Optional.empty()
                    : field(plan, spec.family()).flatMap(family -> TextRules.ip(f, family));
            case "strings" -> TextRules.strings(f, spec.join(), spec.reversed());
            case "path" -> TextRules.path(f);
            case "kstack" -> spec.length() != null && field(plan, spec.length()).isEmpty() ? Optional.empty()
                    : TextRules.stack(f, null, true, field(plan, spec.length()).orElse(null));
            case "ustack" -> spec.length() != null && field(plan, spec.length()).isEmpty() ? Optional.empty()
                    : TextRules.stack(f, processField(plan, specs), false, field(plan, spec.length()).orElse(null));
            default -> Optional.empty();
        };
    }

    /** The field the manifest marks as the process ({@code format: process}), whose user stacks are named. */
    private static Field processField(DecodePlan plan, Map<String, FieldSpec> specs) {
        for (Map.Entry<String, FieldSpec> e : specs.entrySet()) {
            if ("process".equals(e.getValue().format())) {
                return field(plan, e.getKey()).filter(x -> x instanceof Field.IntField).orElse(null);
            }
        }
        return null;
    }

    private static Optional<Field> field(DecodePlan plan, String name) {
        return plan.fields().stream().filter(x -> x.name().equals(name)).findFirst();
    }

    /**
     * Every way {@code specs} cannot apply to {@code plan}'s fields, one message each (for
     * {@code validate} and {@code run} alike): a format that does not fit the field's type, a
     * family field that is missing or no integer, a kernel enum or name table that cannot be
     * read. Prefixed with {@code at} (e.g. {@code exports[0].fields}).
     */
    public static List<String> problems(String at, DecodePlan plan, Map<String, FieldSpec> specs) {
        List<String> out = new ArrayList<>();
        for (Field f : plan.fields()) {
            FieldSpec spec = specs.get(f.name());
            if (spec == null) {
                continue;
            }
            String where = at + "." + f.name();
            String format = spec.format();
            if (spec.family() != null && !"ip".equals(format) || spec.join() != null && !"strings".equals(format)
                    || spec.reversed() && !"strings".equals(format)) {
                out.add(where + ": family goes with format ip, join and reversed with format strings");
            }
            if ("ip".equals(format)) {
                if (spec.family() == null) {
                    out.add(where + ": format ip needs family, the field that holds the address family");
                } else if (field(plan, spec.family()).isEmpty()) {
                    out.add(where + ": family names '" + spec.family() + "', which is no field here (there are: "
                            + String.join(", ", names(plan)) + ")");
                } else if (text(plan, f, spec, specs).isEmpty()) {
                    out.add(where + ": format ip needs 4 or 16 bytes (" + describe(f) + ") and an integer family field");
                }
            } else if ("kstack".equals(format) || "ustack".equals(format)) {
                if (text(plan, f, spec, specs).isEmpty()) {
                    out.add(where + ": format " + format + " needs an array of 64-bit addresses (bpf_get_stack), not "
                            + describe(f) + (spec.length() == null ? "" : ", and length an integer field"));
                }
            } else if ("strings".equals(format) || "path".equals(format)) {
                if (text(plan, f, spec, specs).isEmpty()) {
                    out.add(where + ": format " + format + " needs a char array, not " + describe(f));
                }
            } else if (format != null && !ENRICHED.contains(format) && format(f, format).isEmpty()) {
                out.add(where + ": format " + format + " does not apply to " + describe(f) + fitting(format));
            }
            if ("network".equals(spec.byteOrder()) && TextRules.networkOrder(f).isEmpty()) {
                out.add(where + ": byte-order network needs an integer of 2, 4 or 8 bytes, not " + describe(f));
            }
            if (spec.tag() != null || !spec.arms().isEmpty()) {
                unionProblem(plan, f, spec).ifPresent(p -> out.add(where + ": " + p));
            }
            if (spec.named()) {
                if (!(f instanceof Field.IntField i && i.size() <= 8 || f instanceof Field.BitField
                        || f instanceof Field.EnumField)) {
                    out.add(where + ": enum, names and flags name integers, not " + describe(f));
                }
                try {
                    names(spec);
                } catch (IllegalArgumentException e) {
                    out.add(where + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** What is wrong with a union's tag and arms, if anything. */
    private static Optional<String> unionProblem(DecodePlan plan, Field f, FieldSpec spec) {
        if (spec.tag() == null || spec.arms().isEmpty()) {
            return Optional.of("tag and arms go together");
        }
        if (!(f instanceof Field.ObjectField o)) {
            return Optional.of("tag and arms choose a member of a union, not of " + describe(f));
        }
        Optional<Field> tag = field(plan, spec.tag());
        if (tag.isEmpty() || !(tag.get() instanceof Field.IntField t) || t.size() > 8) {
            return Optional.of("tag names '" + spec.tag() + "', which is no integer field here (there are: "
                    + String.join(", ", names(plan)) + ")");
        }
        List<String> members = o.members().stream().map(Field::name).toList();
        for (Map.Entry<String, String> a : spec.arms().entrySet()) {
            if (!members.contains(a.getValue())) {
                return Optional.of("arms." + a.getKey() + " names '" + a.getValue() + "', which is no member of "
                        + f.name() + " (its members: " + String.join(", ", members) + ")");
            }
        }
        try {
            NameTable.parse(spec.arms());
        } catch (NumberFormatException e) {
            return Optional.of("arms need whole numbers as keys: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Formats --enrich gives meaning to; they have no text of their own here. */
    private static final List<String> ENRICHED = List.of("cgroup", "process");

    private static String fitting(String format) {
        return switch (format) {
            case "ipv4" -> " (it needs a 4-byte integer or __u8[4]; for an address whose family another field gives,"
                    + " use format ip with family)";
            case "ipv6" -> " (it needs __u8[16]; for an address whose family another field gives, use format ip with"
                    + " family)";
            case "hex" -> " (it needs an integer or a byte array)";
            default -> " (it needs an integer of at most 8 bytes)";
        };
    }

    /** The field's type in words, for messages. */
    static String describe(Field f) {
        return switch (f) {
            case Field.IntField i -> (i.signed() ? "a signed " : "an unsigned ") + 8 * i.size() + "-bit integer";
            case Field.BitField b -> "a " + b.bits() + "-bit bitfield";
            case Field.BoolField b -> "a bool";
            case Field.FloatField x -> "a floating-point number";
            case Field.CharsField c -> "char[" + c.length() + "]";
            case Field.EnumField e -> "an enum";
            case Field.ArrayField a -> "an array of " + a.count();
            case Field.ObjectField o -> "a struct or union";
            case Field.Derived d -> "a derived value";
            case Field.Text t -> "text";
            case Field.Computed c -> "a computed number";
        };
    }

    /**
     * The names {@code spec} gives integers ({@code enum}, {@code names} or {@code flags}), as a format.
     * @throws IllegalArgumentException saying what is wrong with them
     */
    static ValueFormat names(FieldSpec spec) {
        boolean lower = "lower".equals(spec.letterCase());
        if (spec.enumOf() != null) {
            return NameTable.of(KernelEnums.byEnumerator(spec.enumOf()).orElseThrow(() -> new IllegalArgumentException(
                    "no enum of this kernel's BTF (" + KernelEnums.VMLINUX + ") has the enumerator " + spec.enumOf())),
                    lower);
        }
        try {
            return !spec.flags().isEmpty() ? FlagSet.of(spec.flags()) : NameTable.of(NameTable.parse(spec.names()), lower);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flags and names need whole numbers: " + e.getMessage());
        }
    }

    /**
     * How {@code f} is shown as {@code spec} says: names from {@code enum}, {@code names} or
     * {@code flags} first, else its format (the spec's, else its typedefs'); empty: plainly.
     */
    public static Optional<ValueFormat> format(Field f, FieldSpec spec) {
        if (spec != null && spec.named()) {
            try {
                return Optional.of(names(spec));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // problems() has said why
            }
        }
        return format(f, spec == null ? null : spec.format());
    }

    /** The names in {@code specs} that are no field of {@code plan}, in their order. */
    public static List<String> unknownFields(DecodePlan plan, Map<String, FieldSpec> specs) {
        List<String> have = names(plan);
        return specs.keySet().stream().filter(n -> !have.contains(n)).toList();
    }

    /** The plan's top-level field names, in order, for messages. */
    public static List<String> names(DecodePlan plan) {
        return plan.fields().stream().map(Field::name).toList();
    }

    /**
     * How {@code f} is shown: through the format named {@code named} when not null, else the
     * one its typedefs imply, when that format fits the field (integers and bitfields by size;
     * char arrays of up to 64 bytes as one value); empty: shown plainly.
     */
    public static Optional<ValueFormat> format(Field f, String named) {
        String name = named != null ? named : Formats.fromTypedefs(f.typedefs()).orElse(null);
        if (name == null) {
            return Optional.empty();
        }
        // A bitfield is read as a u64 before it is shifted and masked.
        int size = f instanceof Field.IntField i ? i.size() : f instanceof Field.BitField ? 8 : 0;
        if (size > 0) {
            return Formats.of(name, size);
        }
        if (f instanceof Field.ArrayField a && a.element() instanceof Field.IntField e && e.size() == 1
                && a.count() <= MAX_FORMATTED_BYTES) {
            return Formats.ofBytes(name, (int) a.count()).map(ValueFormat.class::cast);
        }
        return Optional.empty();
    }
}
