package dev.ecli.runner.stream;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.Formats;
import dev.ecli.runner.symbolize.FrameNames;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Fields whose meaning needs more than their own number ({@link Field.Text}): an address whose
 * family another field gives, a buffer of NUL-separated strings. Each rule reads only the bytes
 * of the fields it was made from.
 */
final class TextRules {
    private TextRules() {}

    /** Where a field's bytes are, when it is a run of bytes a rule can read as one. */
    private record Span(long offset, int length) {}

    private static Optional<Span> span(Field f) {
        return switch (f) {
            case Field.IntField i -> Optional.of(new Span(i.offset(), i.size()));
            case Field.CharsField c -> Optional.of(new Span(c.offset(), c.length()));
            case Field.ArrayField a when a.element() instanceof Field.IntField e && e.size() == a.stride()
                    && (long) e.size() * a.count() <= Integer.MAX_VALUE ->
                    Optional.of(new Span(a.offset(), (int) (e.size() * a.count())));
            default -> Optional.empty();
        };
    }

    private static byte[] bytes(MemorySegment r, long base, Span s) {
        byte[] b = new byte[s.length];
        MemorySegment.copy(r, ValueLayout.JAVA_BYTE, base + s.offset, b, 0, s.length);
        return b;
    }

    /**
     * {@code f} as an IPv4 or IPv6 address by the value of {@code family} (an integer field):
     * {@code f} holds 4 or 16 bytes ({@code __u32}, {@code __u8[4]}, {@code __u8[16]},
     * {@code __u32[4]}, {@code __int128}), in network order as the kernel keeps them.
     */
    static Optional<Field> ip(Field f, Field family) {
        Optional<Span> s = span(f);
        if (s.isEmpty() || (s.get().length != 4 && s.get().length != 16)
                || !(family instanceof Field.IntField fam) || fam.size() > 8) {
            return Optional.empty();
        }
        Span span = s.get();
        return Optional.of(new Field.Text(f.name(), f.typedefs(), List.of(f, family),
                (r, base) -> Formats.ip(bytes(r, base, span), fam.value(r, base))));
    }

    /**
     * {@code f}, an array of 64-bit return addresses innermost first ended by a zero (what
     * {@code bpf_get_stack} writes into an event), as the frames' names: the kernel's, or those
     * of the process {@code tgid} (an integer field) names; with no tgid field, addresses.
     */
    static Optional<Field> stack(Field f, Field tgid, boolean kernel) {
        return stack(f, tgid, kernel, null);
    }

    /**
     * As {@link #stack(Field, Field, boolean)}, reading only as many bytes of the array as the
     * integer field {@code length} says (bpf_get_stack's return: the rest may be stale).
     */
    static Optional<Field> stack(Field f, Field tgid, boolean kernel, Field length) {
        if (!(f instanceof Field.ArrayField a) || !(a.element() instanceof Field.IntField e) || e.size() != 8
                || a.stride() != 8 || (tgid != null && !(tgid instanceof Field.IntField))
                || (length != null && !(length instanceof Field.IntField l && l.size() <= 8))) {
            return Optional.empty();
        }
        FrameNames names = new FrameNames();
        List<Field> sources = new ArrayList<>(List.of(f));
        if (tgid != null) {
            sources.add(tgid);
        }
        if (length != null) {
            sources.add(length);
        }
        return Optional.of(new Field.Computed(f.name(), f.typedefs(), sources, (r, base, v) -> {
            v.beginArray();
            int p = tgid == null ? -1 : (int) ((Field.IntField) tgid).value(r, base);
            long count = length == null ? a.count()
                    : Math.max(0, Math.min(a.count(), ((Field.IntField) length).value(r, base) / 8));
            for (long i = 0; i < count; i++) {
                long address = r.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, base + a.offset() + 8 * i);
                if (address == 0) {
                    break;
                }
                byte[] b = names.name(kernel, p, address, (int) i).getBytes(StandardCharsets.UTF_8);
                v.chars(MemorySegment.ofArray(b), 0, b.length);
            }
            v.endArray();
        }));
    }

    /** {@code f}, an integer stored big-endian (network order), read as its value. */
    static Optional<Field> networkOrder(Field f) {
        if (!(f instanceof Field.IntField i) || (i.size() != 2 && i.size() != 4 && i.size() != 8)) {
            return Optional.empty();
        }
        boolean little = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        return Optional.of(new Field.Computed(f.name(), f.typedefs(), List.of(f), (r, base, v) -> {
            long raw = i.value(r, base);
            long x = !little ? raw : switch (i.size()) {
                case 2 -> Short.reverseBytes((short) raw) & 0xffffL;
                case 4 -> Integer.reverseBytes((int) raw) & 0xffffffffL;
                default -> Long.reverseBytes(raw);
            };
            if (i.signed()) {
                v.signed(i.size() == 8 ? x : (x << (64 - 8 * i.size())) >> (64 - 8 * i.size()));
            } else {
                v.unsigned(x);
            }
        }));
    }

    /**
     * Union {@code u} as its member {@code arms} names for the value of {@code tag} (an integer
     * field); an empty object for a value no arm names.
     * @param arms the tag's values to the union's member names; the caller checked them
     */
    static Optional<Field> union(Field u, Field tag, Map<Long, String> arms) {
        if (!(u instanceof Field.ObjectField union) || !(tag instanceof Field.IntField t) || t.size() > 8) {
            return Optional.empty();
        }
        Map<Long, Field> chosen = new HashMap<>();
        for (Map.Entry<Long, String> a : arms.entrySet()) {
            Optional<Field> m = union.members().stream().filter(x -> x.name().equals(a.getValue())).findFirst();
            if (m.isEmpty()) {
                return Optional.empty();
            }
            chosen.put(a.getKey(), m.get());
        }
        return Optional.of(new Field.Computed(u.name(), u.typedefs(), List.of(u, tag), (r, base, v) -> {
            Field arm = chosen.get(t.value(r, base));
            if (arm == null) {
                v.beginObject();
                v.endObject();
            } else {
                arm.visit(r, base + union.offset(), v);
            }
        }));
    }

    /**
     * {@code f} (a char array) as the NUL-separated strings it holds, joined by {@code join};
     * {@code reversed} when they are stored last first. Empty strings at the end (the unused
     * part of the buffer) are left out.
     */
    static Optional<Field> strings(Field f, String join, boolean reversed) {
        return strings(f, join, reversed, "");
    }

    /**
     * {@code f} (a char array) as a path from its names stored innermost first, as a walk from a
     * dentry up to the root writes them: {@code "b\0a\0"} is {@code /a/b}.
     */
    static Optional<Field> path(Field f) {
        return strings(f, "/", true, "/");
    }

    private static Optional<Field> strings(Field f, String join, boolean reversed, String prefix) {
        Optional<Span> s = span(f);
        if (s.isEmpty() || !(f instanceof Field.CharsField || f instanceof Field.ArrayField a
                && a.element() instanceof Field.IntField e && e.size() == 1)) {
            return Optional.empty();
        }
        Span span = s.get();
        String sep = join == null ? " " : join;
        return Optional.of(new Field.Text(f.name(), f.typedefs(), List.of(f), (r, base) -> {
            byte[] b = bytes(r, base, span);
            List<String> parts = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= b.length; i++) {
                if (i == b.length || b[i] == 0) {
                    parts.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            while (!parts.isEmpty() && parts.getLast().isEmpty()) {
                parts.removeLast();
            }
            if (reversed) {
                Collections.reverse(parts);
            }
            return prefix + String.join(sep, parts);
        }));
    }
}
