package dev.ecli.runner.pkg.eunomia;

import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.SplitBtfBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of one field of a pre-0.3 eunomia layout ({@code Type}, clang's spelling such as
 * {@code unsigned int} or {@code char [16]}, and {@code LLVMType}, such as {@code i32} or
 * {@code [16 x i8]}) as a BTF type: a C integer name first, then a typedef, enum or struct the
 * object's BTF has by that name, then the LLVM type with the signedness eunomia's printer gave it.
 */
final class LegacyFieldTypes {
    private static final Pattern ARRAY = Pattern.compile("(.*?)\\s*\\[(\\d+)\\]\\s*$");
    private static final Pattern LLVM_ARRAY = Pattern.compile("\\[(\\d+) x (.+)\\]");
    private static final Pattern LLVM_INT = Pattern.compile("i(1|8|16|32|64|128)");
    /** C spelling to {size, encoding}. */
    private static final Map<String, int[]> INTS = ints();
    /** No record is this large (as CDeclarations bounds declared structs). */
    private static final long MAX_COUNT = 1L << 24;

    private LegacyFieldTypes() {}

    /**
     * @return the type's id in {@code layouts}
     * @throws IllegalArgumentException naming the type when it is none of those
     */
    static int of(EunomiaLayouts layouts, String type, String llvm) {
        String t = type == null ? "" : type.replaceAll("\\b(const|volatile)\\b", "").replaceAll("\\s+", " ").strip();
        Matcher a = ARRAY.matcher(t);
        if (a.matches()) {
            Matcher la = llvm == null ? null : LLVM_ARRAY.matcher(llvm.strip());
            String elemLlvm = la != null && la.matches() ? la.group(2) : null;
            return layouts.array(of(layouts, a.group(1), elemLlvm), count(a.group(2), type));
        }
        int[] known = INTS.get(t);
        if (known != null) {
            return layouts.intType(t.equals("bool") ? "_Bool" : t, known[0], known[1]);
        }
        Optional<BtfType> named = t.startsWith("enum ") ? layouts.named(t.substring(5), BtfKind.ENUM)
                : t.startsWith("struct ") ? layouts.named(t.substring(7), BtfKind.STRUCT)
                : t.isEmpty() ? Optional.empty() : layouts.named(t, BtfKind.TYPEDEF);
        if (named.isPresent()) {
            return named.get().id();
        }
        if (t.endsWith("*")) {
            return layouts.pointer();
        }
        String l = llvm == null ? "" : llvm.strip();
        Matcher la = LLVM_ARRAY.matcher(l);
        if (la.matches()) {
            return layouts.array(of(layouts, null, la.group(2)), count(la.group(1), llvm));
        }
        if (LLVM_INT.matcher(l).matches()) {
            // eunomia's printer: i8 and i16 unsigned, i32 int, i64 and i128 unsigned
            return switch (l) {
                case "i1" -> layouts.intType("_Bool", 1, SplitBtfBuilder.BOOL);
                case "i8" -> layouts.intType("unsigned char", 1, 0);
                case "i16" -> layouts.intType("unsigned short", 2, 0);
                case "i32" -> layouts.intType("int", 4, SplitBtfBuilder.SIGNED);
                case "i64" -> layouts.intType("unsigned long long", 8, 0);
                default -> layouts.intType("unsigned __int128", 16, 0);
            };
        }
        if (l.endsWith("*") || l.equals("ptr")) {
            return layouts.pointer();
        }
        throw new IllegalArgumentException("has Type '" + type + "' and LLVMType '" + llvm
                + "': neither is a type ecli-java can lay out (a C integer, an array of one, or a typedef, enum or"
                + " struct of the object's BTF)");
    }

    private static long count(String digits, String spelled) {
        if (digits.length() > 9 || Long.parseLong(digits) > MAX_COUNT) {
            throw new IllegalArgumentException("has an array of " + digits + " elements in '" + spelled
                    + "'; no record is that large");
        }
        return Long.parseLong(digits);
    }

    private static Map<String, int[]> ints() {
        Map<String, int[]> m = new HashMap<>();
        int s = SplitBtfBuilder.SIGNED;
        put(m, 1, SplitBtfBuilder.SIGNED | SplitBtfBuilder.CHAR, "char");
        put(m, 1, s, "signed char", "s8", "__s8", "int8_t");
        put(m, 1, 0, "unsigned char", "u8", "__u8", "uint8_t");
        put(m, 1, SplitBtfBuilder.BOOL, "_Bool", "bool");
        put(m, 2, s, "short", "short int", "signed short", "s16", "__s16", "int16_t");
        put(m, 2, 0, "unsigned short", "unsigned short int", "short unsigned int", "u16", "__u16", "uint16_t");
        put(m, 4, s, "int", "signed int", "signed", "s32", "__s32", "int32_t");
        put(m, 4, 0, "unsigned int", "unsigned", "u32", "__u32", "uint32_t");
        put(m, 8, s, "long", "long int", "long long", "long long int", "signed long", "s64", "__s64", "int64_t");
        put(m, 8, 0, "unsigned long", "unsigned long int", "long unsigned int", "unsigned long long",
                "unsigned long long int", "long long unsigned int", "u64", "__u64", "uint64_t");
        put(m, 16, s, "__int128", "__int128 signed");
        put(m, 16, 0, "unsigned __int128", "__int128 unsigned");
        return Map.copyOf(m);
    }

    private static void put(Map<String, int[]> m, int size, int encoding, String... names) {
        for (String n : names) {
            m.put(n, new int[] {size, encoding});
        }
    }
}
