package dev.ecli.runner.sample;

import dev.ecli.runner.decode.Field;

/** Moves a top-level field by some bytes, to lay a value's fields after its key's in one record. */
final class Shift {
    private Shift() {}

    static Field by(Field f, long bytes) {
        return switch (f) {
            case Field.IntField i -> new Field.IntField(i.name(), i.typedefs(), i.offset() + bytes, i.size(), i.signed());
            case Field.BitField b -> new Field.BitField(b.name(), b.typedefs(), b.bitOffset() + 8 * bytes, b.bits(),
                    b.signed());
            case Field.BoolField b -> new Field.BoolField(b.name(), b.typedefs(), b.offset() + bytes, b.size());
            case Field.FloatField x -> new Field.FloatField(x.name(), x.typedefs(), x.offset() + bytes, x.size());
            case Field.CharsField c -> new Field.CharsField(c.name(), c.typedefs(), c.offset() + bytes, c.length());
            case Field.EnumField e -> new Field.EnumField(e.name(), e.typedefs(), e.offset() + bytes, e.size(),
                    e.signed(), e.names());
            case Field.ArrayField a -> new Field.ArrayField(a.name(), a.typedefs(), a.offset() + bytes, a.element(),
                    a.count(), a.stride());
            case Field.ObjectField o -> new Field.ObjectField(o.name(), o.typedefs(), o.offset() + bytes, o.members());
            case Field.Derived d -> new Field.Derived(d.name(), d.typedefs(), (Field.IntField) by(d.source(), bytes),
                    d.derivation());
            // made by the stream view from fields already in place, never moved
            case Field.Text t -> throw new IllegalArgumentException("text field " + t.name() + " cannot be moved");
            case Field.Computed c -> throw new IllegalArgumentException("computed field " + c.name() + " cannot be moved");
        };
    }
}
