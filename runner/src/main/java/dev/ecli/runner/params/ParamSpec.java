package dev.ecli.runner.params;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.CPrinter;
import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSection;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.Param;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parameter: a global variable, where it lives, its type, its compiled-in default, and the
 * option that sets it. Immutable.
 *
 * @param variable    the C variable's name
 * @param section     {@code .rodata}, {@code .bss} or {@code .data}; null for an option only the runner
 *                    reads ({@link #runnerOnly()})
 * @param offset      byte offset of the variable in its section
 * @param size        the variable's size in bytes
 * @param kind        how values are read and checked
 * @param signed      for integers: signed
 * @param enumValues  for enums: enumerator name to value
 * @param cType       the C type, for help text
 * @param defaultText the compiled-in value as text
 * @param longName    the long option, without dashes
 * @param shortName   the one-letter option, or null
 * @param description help text, or null
 * @param cgroupMap   for a cgroup parameter: the cgroup-array map its path goes into, else null
 * @param scale       for an integer: the option's value times this is the variable's (1: as given)
 * @param manifestDefault whether {@code defaultText} is the manifest's {@code default} rather than
 *                    the compiled-in value: then it is written into the object when the option is
 *                    not given
 */
public record ParamSpec(String variable, String section, long offset, int size, Kind kind, boolean signed,
                        Map<String, Long> enumValues, String cType, String defaultText, String longName,
                        String shortName, String description, String cgroupMap, long scale,
                        boolean manifestDefault) {
    /** Value kinds a parameter can have. */
    public enum Kind { INT, BOOL, ENUM, CHARS }

    private static final List<String> SECTIONS = List.of(".rodata", ".bss", ".data");
    /** The longest text a runner-only string option takes, in bytes. */
    private static final int RUNNER_TEXT_MAX = 4095;

    /**
     * Finds the parameters of an object: every global variable in {@code .rodata}, plus those in
     * {@code .bss}/{@code .data} that the manifest's {@code params} names; manifest entries add
     * option names, help and defaults.
     * @throws PackageException when the manifest names a variable that is not there or has a type
     *                          no option can set
     */
    public static List<ParamSpec> discover(Btf btf, ElfFile elf, Manifest manifest) throws PackageException {
        Map<String, ParamSpec> found = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            BtfType.Datasec ds = (BtfType.Datasec) btf.find(section, BtfKind.DATASEC).orElse(null);
            if (ds == null) {
                continue;
            }
            byte[] data = elf.section(section).filter(s -> s.type() != ElfSection.SHT_NOBITS)
                    .map(elf::contents).orElse(new byte[(int) Math.min(ds.size(), 1 << 20)]);
            for (BtfType.VarSecInfo v : ds.vars()) {
                if (!(btf.type(v.typeId()) instanceof BtfType.Var var) || var.linkage() == 0) {
                    continue;
                }
                boolean named = manifest.params().containsKey(var.name());
                if (!section.equals(".rodata") && !named) {
                    continue;
                }
                Param declared = manifest.params().get(var.name());
                ParamSpec p = of(btf, var, section, v, data, declared, elf.byteOrder());
                if (p != null && p.scale() != 1 && p.kind() != Kind.INT) {
                    throw new PackageException("param '" + var.name() + "' has a scale, so it must be an integer, not "
                            + p.cType());
                }
                if (p != null && p.cgroupMap() != null && p.kind() != Kind.BOOL) {
                    throw new PackageException("param '" + var.name() + "' has cgroup-map, so it must be a bool"
                            + " (set true when a cgroup is given), not " + p.cType());
                }
                if (p == null) {
                    if (named) {
                        throw new PackageException("param '" + var.name() + "' has type "
                                + CPrinter.typeName(btf, var.typeId()) + ", which no option can set");
                    }
                    continue;
                }
                if (p.manifestDefault()) {
                    p.checkDefault();
                }
                found.put(var.name(), p);
            }
        }
        for (Map.Entry<String, Param> e : manifest.params().entrySet()) {
            if (e.getValue().type() != null) {
                if (found.containsKey(e.getKey())) {
                    throw new PackageException("param '" + e.getKey() + "' has a type, so it is an option the runner"
                            + " reads itself, but it is also a global variable of " + manifest.objectLabel()
                            + "; drop its type to set the variable");
                }
                found.put(e.getKey(), runnerOption(e.getKey(), e.getValue()));
            }
        }
        Map<String, String> optionOwners = new LinkedHashMap<>();
        for (ParamSpec p : found.values()) {
            for (String option : p.optionNames()) {
                String other = optionOwners.putIfAbsent(option, p.variable());
                if (other != null) {
                    throw new PackageException("params '" + other + "' and '" + p.variable() + "' both use option "
                            + option + "; give one another long or short name");
                }
            }
        }
        for (String name : manifest.params().keySet()) {
            if (!found.containsKey(name)) {
                throw new PackageException("param '" + name + "' is not a global variable in .rodata, .bss"
                        + " or .data of " + manifest.objectLabel());
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * An option with no variable behind it ({@code params.NAME.type}): its value is only read by
     * the runner, as {@code ${NAME}} (program choice, map sizes, attach settings).
     */
    private static ParamSpec runnerOption(String name, Param p) throws PackageException {
        if (p.scale() != null) {
            throw new PackageException("param '" + name + "' has a type and a scale; a scale applies to a variable");
        }
        Kind kind = switch (p.type()) {
            case "bool" -> Kind.BOOL;
            case "int" -> Kind.INT;
            default -> Kind.CHARS;
        };
        int size = kind == Kind.BOOL ? 1 : kind == Kind.INT ? 8 : RUNNER_TEXT_MAX + 1;
        String cType = kind == Kind.BOOL ? "bool" : kind == Kind.INT ? "long" : "string";
        String longName = p.longName() != null ? p.longName() : name.replace('_', '-').toLowerCase(Locale.ROOT);
        String dflt = p.defaultValue() != null ? String.valueOf(p.defaultValue())
                : kind == Kind.BOOL ? "false" : kind == Kind.INT ? "0" : "";
        ParamSpec spec = new ParamSpec(name, null, 0, size, kind, true, Map.of(), cType, dflt, longName,
                p.shortName(), p.description(), null, 1, p.defaultValue() != null);
        spec.checkDefault();
        return spec;
    }

    /**
     * Checks that the default fits the type, as a value given on the command line must.
     * @throws PackageException naming the param and the expected type
     */
    private void checkDefault() throws PackageException {
        try {
            encode(defaultText, ByteOrder.nativeOrder());
        } catch (ParamException e) {
            throw new PackageException("param '" + variable + "': default " + e.getMessage().replaceFirst("^--\\S+: ", ""));
        }
    }

    /** Whether the runner reads this option itself: no variable is set by it. */
    public boolean runnerOnly() {
        return section == null;
    }

    /** The spec of one variable, or null when its type cannot be set from the command line. */
    private static ParamSpec of(Btf btf, BtfType.Var var, String section, BtfType.VarSecInfo v, byte[] data,
                                Param param, ByteOrder order) {
        BtfType t = btf.resolve(var.typeId());
        int size = (int) v.size();
        Kind kind;
        boolean signed = false;
        Map<String, Long> enums = Map.of();
        if (t instanceof BtfType.Int i && i.isBool()) {
            kind = Kind.BOOL;
        } else if (t instanceof BtfType.Int i && (size == 1 || size == 2 || size == 4 || size == 8)) {
            kind = Kind.INT;
            signed = i.isSigned();
        } else if (t instanceof BtfType.Enum e) {
            kind = Kind.ENUM;
            signed = e.signed();
            enums = enumMap(e.values());
        } else if (t instanceof BtfType.Enum64 e) {
            kind = Kind.ENUM;
            signed = e.signed();
            enums = enumMap(e.values());
        } else if (t instanceof BtfType.Array a && btf.resolve(a.elemTypeId()) instanceof BtfType.Int c
                && c.size() == 1 && !c.isBool()) {
            kind = Kind.CHARS;
        } else {
            return null;
        }
        if (v.offset() < 0 || v.offset() + size > data.length) {
            return null;
        }
        String cType = CPrinter.typeName(btf, var.typeId()).replace("const ", "").replace("volatile ", "").strip();
        String longName = param != null && param.longName() != null ? param.longName()
                : var.name().replace('_', '-').toLowerCase(Locale.ROOT);
        String cgroupMap = param == null ? null : param.cgroupMap();
        long scale = param == null || param.scale() == null ? 1 : param.scale();
        ParamSpec spec = new ParamSpec(var.name(), section, v.offset(), size, kind, signed, enums, cType, "",
                longName, param == null ? null : param.shortName(), param == null ? null : param.description(),
                cgroupMap, scale, false);
        byte[] initial = new byte[size];
        System.arraycopy(data, (int) v.offset(), initial, 0, size);
        String text = spec.decode(initial, order);
        boolean manifestDefault = param != null && param.defaultValue() != null && cgroupMap == null;
        if (manifestDefault) {
            text = String.valueOf(param.defaultValue());
        }
        if (cgroupMap != null) {
            text = "";
        }
        return new ParamSpec(var.name(), section, v.offset(), size, kind, signed, enums, cType, text, longName,
                spec.shortName(), spec.description(), cgroupMap, scale, manifestDefault);
    }

    private static Map<String, Long> enumMap(List<BtfType.EnumValue> values) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (BtfType.EnumValue ev : values) {
            m.put(ev.name(), ev.value());
        }
        return m;
    }

    /** The value's type for messages and help, e.g. {@code u32, 0..4294967295}. */
    public String typeHint() {
        if (cgroupMap != null) {
            return "a cgroup directory, e.g. /sys/fs/cgroup/NAME";
        }
        return switch (kind) {
            case BOOL -> "true or false";
            case INT -> cType + ", " + range() + (scale != 1 ? ", stored times " + scale : "");
            case ENUM -> "one of " + String.join(", ", enumValues.keySet()) + (enumPrefix().isEmpty() ? ""
                    : " (or " + String.join(", ", enumValues.keySet().stream()
                            .map(n -> n.substring(enumPrefix().length()).toLowerCase(Locale.ROOT)).toList()) + ")");
            case CHARS -> "text of at most " + (size - 1) + " bytes";
        };
    }

    private String range() {
        int bits = size * 8;
        if (signed) {
            return BigInteger.ONE.shiftLeft(bits - 1).negate() + ".." + BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        }
        return "0.." + BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /**
     * Checks {@code text} against the type and returns the variable's bytes.
     * @throws ParamException naming the option and the expected type
     */
    public byte[] encode(String text, ByteOrder order) throws ParamException {
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        switch (kind) {
            case BOOL -> {
                String t = text.toLowerCase(Locale.ROOT);
                if (!List.of("true", "false", "1", "0", "yes", "no").contains(t)) {
                    throw bad(text);
                }
                b.put(0, (byte) (t.equals("true") || t.equals("1") || t.equals("yes") ? 1 : 0));
            }
            case INT -> putInt(b, parseInteger(text));
            case ENUM -> putInt(b, BigInteger.valueOf(enumerator(text)));
            case CHARS -> {
                byte[] s = text.getBytes(StandardCharsets.UTF_8);
                if (s.length > size - 1) {
                    throw bad(text);
                }
                b.put(s);
            }
        }
        return b.array();
    }

    /**
     * The value of the enumerator {@code text} names: its name in any case, or its name
     * without the prefix all share ({@code write} for {@code RW_WRITE} beside {@code RW_READ}).
     */
    private long enumerator(String text) throws ParamException {
        Long v = enumValues.get(text);
        if (v != null) {
            return v;
        }
        String prefix = enumPrefix();
        for (Map.Entry<String, Long> e : enumValues.entrySet()) {
            if (e.getKey().equalsIgnoreCase(text) || e.getKey().length() > prefix.length()
                    && e.getKey().substring(prefix.length()).equalsIgnoreCase(text)) {
                return e.getValue();
            }
        }
        throw bad(text);
    }

    /** The enumerators' common prefix up to and with its last {@code _} ({@code RW_}), or "". */
    private String enumPrefix() {
        String prefix = null;
        for (String n : enumValues.keySet()) {
            if (prefix == null) {
                prefix = n;
            } else {
                int i = 0;
                while (i < prefix.length() && i < n.length() && prefix.charAt(i) == n.charAt(i)) {
                    i++;
                }
                prefix = prefix.substring(0, i);
            }
        }
        return prefix == null ? "" : prefix.substring(0, prefix.lastIndexOf('_') + 1);
    }

    private BigInteger parseInteger(String text) throws ParamException {
        BigInteger v;
        try {
            String t = text.strip();
            boolean neg = t.startsWith("-");
            String digits = neg ? t.substring(1) : t;
            v = digits.startsWith("0x") || digits.startsWith("0X") ? new BigInteger(digits.substring(2), 16)
                    : new BigInteger(digits);
            if (neg) {
                v = v.negate();
            }
            v = v.multiply(BigInteger.valueOf(scale));
        } catch (NumberFormatException e) {
            throw bad(text);
        }
        int bits = size * 8;
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw bad(text);
        }
        return v;
    }

    private void putInt(ByteBuffer b, BigInteger v) {
        long x = v.longValue();
        switch (size) {
            case 1 -> b.put(0, (byte) x);
            case 2 -> b.putShort(0, (short) x);
            case 4 -> b.putInt(0, (int) x);
            default -> b.putLong(0, x);
        }
    }

    private ParamException bad(String text) {
        return new ParamException("--" + longName + ": expected " + typeHint() + ", got '" + text + "'");
    }

    /** The variable's bytes as the text an option would take. */
    public String decode(byte[] bytes, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        return switch (kind) {
            case BOOL -> bytes[0] != 0 ? "true" : "false";
            case INT -> integer(b);
            case ENUM -> {
                long v = raw(b);
                yield enumValues.entrySet().stream().filter(e -> e.getValue() == v).map(Map.Entry::getKey)
                        .findFirst().orElse(integer(b));
            }
            case CHARS -> {
                int n = 0;
                while (n < bytes.length && bytes[n] != 0) {
                    n++;
                }
                yield new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
        };
    }

    /** The integer at offset 0, sign- or zero-extended. */
    private long raw(ByteBuffer b) {
        return switch (size) {
            case 1 -> signed ? b.get(0) : b.get(0) & 0xffL;
            case 2 -> signed ? b.getShort(0) : b.getShort(0) & 0xffffL;
            case 4 -> signed ? b.getInt(0) : b.getInt(0) & 0xffff_ffffL;
            default -> b.getLong(0);
        };
    }

    private String integer(ByteBuffer b) {
        long x = raw(b);
        if (!signed && size == 8) {
            return Long.toUnsignedString(scale == 1 ? x : Long.divideUnsigned(x, scale));
        }
        return Long.toString(x / scale);
    }

    /** Every option name with dashes: {@code --max-depth}, {@code -d}. */
    public List<String> optionNames() {
        List<String> names = new ArrayList<>();
        if (shortName != null) {
            names.add("-" + shortName);
        }
        names.add("--" + longName);
        return names;
    }
}
