package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A map whose records are instances of one struct.
 *
 * @param map    the map's name in the object
 * @param struct the struct (or typedef) name in the object's BTF
 * @param fields per-field display, keyed by field name in manifest order; never null
 * @param drops  the global variable counting records the program could not reserve, or null
 * @param typeId the struct's BTF type id in the object when the package names it by id (eunomia's
 *               {@code type_id}), which then wins over {@code struct}; null: found by name
 * @param variableLength records stop inside the struct's last member, a buffer sent only as far
 *               as it is used ({@code variable-length: true}); the rest reads as zeros
 * @param computed columns computed from the record's fields, keyed by column name in manifest order
 */
public record Export(String map, String struct, Map<String, FieldSpec> fields, String drops, Integer typeId,
                     @JsonProperty("variable-length") boolean variableLength, Map<String, ComputedSpec> computed) {
    public Export {
        fields = Manifest.ordered(fields);
        computed = Manifest.ordered(computed);
    }

    /** The same export with {@code fields} as its per-field settings. */
    public Export withFields(Map<String, FieldSpec> fields) {
        return new Export(map, struct, fields, drops, typeId, variableLength, computed);
    }

    /** An export of records that may stop inside their last member, with no computed column. */
    public Export(String map, String struct, Map<String, FieldSpec> fields, String drops, Integer typeId,
                  boolean variableLength) {
        this(map, struct, fields, drops, typeId, variableLength, null);
    }

    /** An export of whole records. */
    public Export(String map, String struct, Map<String, FieldSpec> fields, String drops, Integer typeId) {
        this(map, struct, fields, drops, typeId, false);
    }

    /** An export whose struct is found by name. */
    public Export(String map, String struct, Map<String, FieldSpec> fields, String drops) {
        this(map, struct, fields, drops, null);
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
