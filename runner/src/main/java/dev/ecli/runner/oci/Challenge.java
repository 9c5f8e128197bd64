package dev.ecli.runner.oci;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WWW-Authenticate} challenge of a registry's 401: its scheme ({@code bearer} or
 * {@code basic}, lowercase) and parameters ({@code realm}, {@code service}, {@code scope}).
 *
 * @param scheme lowercase scheme
 * @param params parameters by lowercase name, quotes removed
 */
record Challenge(String scheme, Map<String, String> params) {
    /** Parses one challenge; null for a blank or missing header. */
    static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            if (i < h.length() && h.charAt(i) == '"') {
                for (i++; i < h.length() && h.charAt(i) != '"'; i++) {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                        i++;
                    }
                    value.append(h.charAt(i));
                }
                i++;
            } else {
                for (; i < h.length() && h.charAt(i) != ','; i++) {
                    value.append(h.charAt(i));
                }
            }
            params.put(name, value.toString().strip());
        }
        return new Challenge(scheme, params);
    }

    String param(String name) {
        return params.get(name);
    }
}
