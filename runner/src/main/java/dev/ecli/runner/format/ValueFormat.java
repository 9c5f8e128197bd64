package dev.ecli.runner.format;

/** Turns a field's raw integer (already sign- or zero-extended) into text for people. */
@FunctionalInterface
public interface ValueFormat {
    String format(long value);

    /**
     * Whether the text carries its own unit (a duration as {@code 1.50s}, a clock time), so that
     * a unit at the end of the field's name no longer says what the text shows.
     */
    default boolean showsUnit() {
        return false;
    }

    /** {@code f}, saying it {@linkplain #showsUnit shows its unit}. */
    static ValueFormat withUnit(ValueFormat f) {
        return new ValueFormat() {
            @Override
            public String format(long value) {
                return f.format(value);
            }

            @Override
            public boolean showsUnit() {
                return true;
            }
        };
    }
}
