package dev.ecli.runner.pkg;

import java.util.Map;

/**
 * A map whose records are instances of one struct.
 *
 * @param map    the map's name in the object
 * @param struct the struct (or typedef) name in the object's BTF
 * @param fields per-field display, keyed by field name in manifest order; never null
 * @param drops  the global variable counting records the program could not reserve, or null
 */
public record Export(String map, String struct, Map<String, FieldSpec> fields, String drops) {
    public Export {
        fields = Manifest.ordered(fields);
    }

    /** An export with per-field display and no drop counter. */
    public Export(String map, String struct, Map<String, FieldSpec> fields) {
        this(map, struct, fields, null);
    }

    /** An export with no per-field display. */
    public Export(String map, String struct) {
        this(map, struct, null, null);
    }
}
