package dev.ecli.runner.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} references to parameters in manifest settings (attach targets, sampling
 * intervals): the one place that finds and replaces them, so every setting takes the same
 * spelling.
 */
public final class ParamRefs {
    /** A reference: {@code ${}, a C identifier, {@code }}. */
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Thrown by {@link #substitute} for a reference to no parameter; the caller words the message. */
    public static final class Unknown extends Exception {
        private static final long serialVersionUID = 1L;
        private final String name;

        Unknown(String name) {
            super("${" + name + "} is not a parameter");
            this.name = name;
        }

        /** The name referred to. */
        public String name() {
            return name;
        }
    }

    /** Why a whole-number setting has no value on this run; the message names the setting. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unknownParam;

        Invalid(String message, boolean unknownParam) {
            super(message);
            this.unknownParam = unknownParam;
        }

        /** Whether the setting names no parameter (the package's mistake, whatever the user gave). */
        public boolean unknownParam() {
            return unknownParam;
        }
    }

    private ParamRefs() {}

    /**
     * A condition on bool parameters ({@code "${kill}"}, {@code "!${kill}"}, {@code true},
     * {@code false}, or several joined by {@code ||}), as programs' {@code load} and fields'
     * {@code when} take it.
     * @param at the setting's place in the manifest, for messages
     * @throws Invalid naming {@code at}: a reference to no parameter, or a value that is no bool
     */
    public static boolean condition(String at, String expr, Function<String, Optional<String>> param) throws Invalid {
        if (expr.contains("||")) {
            // any of several: "${per_process} || ${per_thread}"
            for (String part : expr.split("\\|\\|")) {
                if (condition(at, part, param)) {
                    return true;
                }
            }
            return false;
        }
        String e = expr.strip();
        if (e.equals("true") || e.equals("false")) {
            return e.equals("true");
        }
        boolean negate = e.startsWith("!");
        String text;
        try {
            text = substitute(negate ? e.substring(1) : e, param).strip().toLowerCase(java.util.Locale.ROOT);
        } catch (Unknown u) {
            throw new Invalid(at + " names ${" + u.name() + "}, which is not a parameter of the package", true);
        }
        boolean on = switch (text) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new Invalid(at + ": " + expr + " is '" + text + "', not true or false", false);
        };
        return on != negate;
    }

    /**
     * The problem with a condition's references, or null: each must name a bool parameter.
     * @param boolParams the package's bool parameters; {@code params} all of them
     */
    public static String conditionProblem(String at, String expr, java.util.Set<String> boolParams,
                                          java.util.Set<String> params) {
        for (String ref : names(expr)) {
            if (!params.contains(ref)) {
                return at + " names ${" + ref + "}, which is not a parameter of the package";
            }
            if (!boolParams.contains(ref)) {
                return at + " names ${" + ref + "}, which is not a bool parameter";
            }
        }
        return null;
    }

    /**
     * A whole-number setting (a map size, a count, an interval): {@code raw} with its references
     * {@link #substitute substituted}, then {@link #arithmetic}, checked to be in {@code min..max}.
     * @param at   the setting's place in the manifest, for messages ({@code sizes.MAP.value-size})
     * @param what what the number counts, for messages ({@code "a number of prints"})
     * @throws Invalid naming {@code at}: a reference to no parameter, no number, or out of range
     */
    public static long evaluate(String at, String raw, Function<String, Optional<String>> param, long min, long max,
                                String what) throws Invalid {
        String text;
        try {
            text = substitute(raw, param);
        } catch (Unknown u) {
            throw new Invalid(at + " names ${" + u.name() + "}, which is not a parameter of the package", true);
        }
        long n;
        try {
            n = arithmetic(text);
        } catch (NumberFormatException e) {
            throw new Invalid(at + ": " + raw + " is '" + text + "', not " + what, false);
        }
        if (n < min || n > max) {
            throw new Invalid(at + ": " + raw + " is " + n + ", not from " + min + " to " + max, false);
        }
        return n;
    }

    /** Whether {@code raw} refers to any parameter. */
    public static boolean refers(String raw) {
        return raw != null && REF.matcher(raw).find();
    }

    /** The names {@code raw} refers to, in order, repeats kept; empty for null. */
    public static List<String> names(String raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            Matcher m = REF.matcher(raw);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * {@code raw} with each reference replaced by its parameter's text on this run.
     * @param param a parameter's text by variable name; empty for a name that is no parameter
     * @throws Unknown at the first reference to no parameter
     */
    public static String substitute(String raw, Function<String, Optional<String>> param) throws Unknown {
        Matcher m = REF.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Optional<String> v = param.apply(m.group(1));
            if (v.isEmpty()) {
                throw new Unknown(m.group(1));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v.get()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A setting's text after {@link #substitute}, as a whole number: a sum of products of whole
     * numbers ({@code 1000 * 5}, {@code 1024 + 16}), so a setting can scale a parameter
     * ({@code ${interval} * 1000}).
     * @throws NumberFormatException when the text is not such a sum, or overflows a long
     */
    public static long arithmetic(String text) {
        long sum = 0;
        try {
            for (String term : text.split("\\+", -1)) {
                long product = 1;
                for (String factor : term.split("\\*", -1)) {
                    product = Math.multiplyExact(product, Long.parseLong(factor.strip()));
                }
                sum = Math.addExact(sum, product);
            }
        } catch (ArithmeticException e) {
            throw new NumberFormatException(text + " overflows");
        }
        return sum;
    }
}
