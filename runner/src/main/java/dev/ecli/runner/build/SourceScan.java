package dev.ecli.runner.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a build needs from C text without a C parser: the structs a header defines, which
 * files a source includes, and the comment documenting a global variable. Approximate by design:
 * it only decides which lines the build adds, and clang has the last word on the result.
 */
final class SourceScan {
    /** A type to keep in BTF: how C names it ({@code struct event}, {@code event_t}) and its plain name. */
    record KeptType(String cType, String name) {}

    private static final String ATTRS = "(?:__attribute__\\s*\\(\\((?:[^()]|\\([^()]*\\))*\\)\\)\\s*)*";
    private static final Pattern NAMED_STRUCT =
            Pattern.compile("\\bstruct\\s+" + ATTRS + "([A-Za-z_]\\w*)\\s*" + ATTRS + "\\{");
    private static final Pattern TYPEDEF_ANON_STRUCT = Pattern.compile("\\btypedef\\s+struct\\s*" + ATTRS + "\\{");
    private static final Pattern DECLARATOR_AFTER_BODY = Pattern.compile("\\G\\s*" + ATTRS + "([A-Za-z_]\\w*)\\s*[;,\\[]");
    private static final Pattern QUOTED_INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s*\"([^\"]+)\"");

    private SourceScan() {}

    /**
     * Structs a header defines: {@code struct NAME {...}} and {@code typedef struct {...} NAME;}, in
     * order; CO-RE flavours ({@code struct task_struct___o {...}}) are not the package's and are left out.
     */
    static List<KeptType> structs(String header) {
        String code = withoutCommentsAndStrings(header);
        Set<KeptType> out = new LinkedHashSet<>();
        Matcher named = NAMED_STRUCT.matcher(code);
        while (named.find()) {
            // NAME___flavour is a CO-RE flavour of a kernel struct (core_fixes.bpf.h), not a record of the package
            if (!named.group(1).contains("___")) {
                out.add(new KeptType("struct " + named.group(1), named.group(1)));
            }
        }
        Matcher anon = TYPEDEF_ANON_STRUCT.matcher(code);
        while (anon.find()) {
            int end = matchingBrace(code, anon.end() - 1);
            if (end < 0) {
                continue;
            }
            Matcher d = DECLARATOR_AFTER_BODY.matcher(code);
            if (d.find(end + 1)) {
                out.add(new KeptType(d.group(1), d.group(1)));
            }
        }
        return List.copyOf(out);
    }

    /** File names in {@code #include "..."} lines, as written. */
    static List<String> quotedIncludes(String source) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED_INCLUDE.matcher(withoutComments(source));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * The files of the package that {@code start} includes, directly or through other files of
     * the package; {@code files} maps a file name to its text.
     */
    static Set<String> includedFiles(String start, Map<String, String> files) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String text = files.get(todo.pop());
            if (text == null) {
                continue;
            }
            for (String inc : quotedIncludes(text)) {
                String name = inc.substring(inc.lastIndexOf('/') + 1);
                if (files.containsKey(name) && seen.add(name)) {
                    todo.push(name);
                }
            }
        }
        return seen;
    }

    /**
     * The comment that documents a file-scope variable, as one line: one after its declaration on
     * the same line, else the comment block right above it; null when there is none.
     */
    static String docComment(String source, String variable) {
        String[] lines = source.split("\\R", -1);
        Pattern decl = Pattern.compile("^[A-Za-z_].*\\b" + Pattern.quote(variable) + "\\s*(\\[[^]]*]\\s*)?(=|;)");
        for (int i = 0; i < lines.length; i++) {
            if (!decl.matcher(lines[i]).find()) {
                continue;
            }
            int semi = lines[i].indexOf(';');
            String after = semi < 0 ? "" : lines[i].substring(semi + 1).strip();
            if (after.startsWith("//") || after.startsWith("/*")) {
                return clean(after);
            }
            StringBuilder block = new StringBuilder();
            int j = i - 1;
            if (j >= 0 && lines[j].strip().endsWith("*/")) {
                while (j >= 0 && !lines[j].contains("/*")) {
                    j--;
                }
                if (j >= 0 && !lines[j].substring(0, lines[j].indexOf("/*")).isBlank()) {
                    return null; // the trailing comment of the line above, which documents that line's code
                }
                for (int k = Math.max(j, 0); k < i; k++) {
                    block.append(lines[k]).append('\n');
                }
            } else {
                while (j >= 0 && lines[j].strip().startsWith("//")) {
                    j--;
                }
                for (int k = j + 1; k < i; k++) {
                    block.append(lines[k]).append('\n');
                }
            }
            String text = clean(block.toString());
            return text.isEmpty() ? null : text;
        }
        return null;
    }

    private static String clean(String comment) {
        String s = comment.replaceAll("/\\*+|\\*+/|^\\s*//+", " ")
                .replaceAll("(?m)^\\s*(//+|\\*)", " ")
                .replaceAll("\\s+", " ").strip();
        return s;
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The code with comments blanked (newlines kept). */
    private static String withoutComments(String s) {
        return blank(s, false);
    }

    /** The code with comments and string and character literals blanked (newlines kept). */
    private static String withoutCommentsAndStrings(String s) {
        return blank(s, true);
    }

    private static String blank(String s, boolean strings) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                out.append(s.substring(i, end).replaceAll("[^\\n]", " "));
                i = end;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                int end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
                out.append(" ".repeat(end - i));
                i = end;
            } else if (c == '"' || c == '\'') {
                // Skipped whole either way, so that "//" in a string is not taken for a comment.
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, s.length());
                out.append(strings ? " ".repeat(j - i) : s.substring(i, j));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
