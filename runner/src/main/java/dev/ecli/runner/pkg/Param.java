package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A command-line option that sets a global variable ({@code .rodata} or {@code .bss}) before load.
 *
 * @param description  help text, or null
 * @param shortName    one-letter option without the dash, or null
 * @param longName     long option without the dashes, or null (then derived from the variable)
 * @param defaultValue a String, Number or Boolean, or null to keep the compiled-in value
 * @param cgroupMap    when set, the option takes a cgroup path stored in slot 0 of this cgroup-array
 *                     map, and the (bool) variable becomes true
 * @param type         {@code bool}, {@code int} or {@code string} for an option the runner itself
 *                     reads (program choice, map sizes, attach targets) with no global behind it;
 *                     null for a global variable
 * @param scale        for an integer variable: the option's value times this is what is stored
 *                     (microseconds given, nanoseconds stored: 1000); null for 1
 */
public record Param(String description,
                    @JsonProperty("short") String shortName,
                    @JsonProperty("long") String longName,
                    @JsonProperty("default") Object defaultValue,
                    @JsonProperty("cgroup-map") String cgroupMap, String type, Long scale) {
    /** A plain parameter. */
    public Param(String description, String shortName, String longName, Object defaultValue) {
        this(description, shortName, longName, defaultValue, null, null, null);
    }
}
