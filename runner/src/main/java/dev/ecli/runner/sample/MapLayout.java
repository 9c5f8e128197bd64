package dev.ecli.runner.sample;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.pkg.PackageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a map's keys and values decode, from the map's BTF definition in {@code .maps}
 * ({@code __type(key, T)} and {@code __type(value, T)}): a struct's top-level fields, or a
 * plain number or enum as one field named after the manifest's key-name or value-name.
 *
 * @param key   the key's fields, offsets from the key's start
 * @param value the value's fields, offsets from the value's start
 * @param keySize   bytes of a key
 * @param valueSize bytes of a value (one CPU's cell for per-CPU maps)
 */
public record MapLayout(List<Field> key, List<Field> value, long keySize, long valueSize) {
    /** Whether the key (or value) is a struct whose fields are shown, rather than one plain field. */
    public static boolean isComposite(Btf btf, int typeId) {
        return btf.resolve(typeId) instanceof BtfType.Composite;
    }

    /**
     * @param keyName   the column for a key that is not a struct
     * @param valueName the column for a value that is not a struct
     * @throws PackageException when the map has no BTF key or value type, or one that cannot be decoded
     */
    public static MapLayout of(Btf btf, String map, String object, String keyName, String valueName)
            throws PackageException {
        int[] types = types(btf, map, object);
        return new MapLayout(fields(btf, types[0], keyName, map, "key"), fields(btf, types[1], valueName, map, "value"),
                size(btf, types[0]), size(btf, types[1]));
    }

    /**
     * As {@link #of}, for a map the manifest samples ({@code maps.NAME}): when the object has no
     * map of that name, a {@code .bss}/{@code .data} variable of that name is read as an array
     * map ({@link GlobalCells}), its index the key and an element the value.
     * @throws PackageException when there is neither, or a type cannot be decoded
     */
    public static MapLayout ofSampled(Btf btf, String map, String object, String keyName, String valueName)
            throws PackageException {
        Optional<GlobalCells> global = hasMap(btf, map) ? Optional.empty() : GlobalCells.find(btf, map);
        if (global.isPresent()) {
            // A .bss/.data variable sampled like an array map: the index is the key, an element the value.
            GlobalCells g = global.get();
            return new MapLayout(List.of(new Field.IntField(keyName, List.of(), 0, 4, false)),
                    fields(btf, g.elementTypeId(), valueName, map, "value"), 4, g.elementSize());
        }
        if (!hasMap(btf, map)) {
            throw new PackageException("maps." + map + ": no map '" + map + "' and no .bss or .data variable of that"
                    + " name in " + object);
        }
        return of(btf, map, object, keyName, valueName);
    }

    /** Whether the object's BTF declares a map of this name in {@code .maps}. */
    static boolean hasMap(Btf btf, String map) {
        return btf.find(".maps", BtfKind.DATASEC).map(d -> ((BtfType.Datasec) d).vars().stream()
                .anyMatch(v -> btf.type(v.typeId()) instanceof BtfType.Var var && var.name().equals(map)))
                .orElse(false);
    }

    /**
     * The BTF ids of the map's key and value types.
     *
     * @throws PackageException when the object declares no such map, or its definition gives sizes only
     */
    public static int[] types(Btf btf, String map, String object) throws PackageException {
        BtfType.Datasec maps = (BtfType.Datasec) btf.find(".maps", BtfKind.DATASEC).orElseThrow(
                () -> new PackageException("maps." + map + ": " + object + " has no BTF-defined maps (.maps)"));
        for (BtfType.VarSecInfo v : maps.vars()) {
            if (!(btf.type(v.typeId()) instanceof BtfType.Var var) || !var.name().equals(map)) {
                continue;
            }
            int key = 0, value = 0;
            if (btf.resolve(var.typeId()) instanceof BtfType.Struct def) {
                for (BtfType.Member m : def.members()) {
                    if (btf.skipModifiers(m.typeId()) instanceof BtfType.Ptr p) {
                        if (m.name().equals("key")) {
                            key = p.typeId();
                        } else if (m.name().equals("value")) {
                            value = p.typeId();
                        }
                    }
                }
            }
            if (key == 0 || value == 0) {
                throw new PackageException("maps." + map + ": the map's definition gives no "
                        + (key == 0 ? "key" : "value") + " type; declare it with __type(" + (key == 0 ? "key" : "value")
                        + ", T) rather than __uint(" + (key == 0 ? "key" : "value") + "_size, N)");
            }
            return new int[] {key, value};
        }
        throw new PackageException("maps." + map + ": no map '" + map + "' in " + object);
    }

    private static List<Field> fields(Btf btf, int typeId, String name, String map, String what)
            throws PackageException {
        try {
            if (isComposite(btf, typeId)) {
                return DecodePlan.compile(btf, typeId).fields();
            }
            return List.of(DecodePlan.field(btf, name, typeId));
        } catch (DecodeException | BtfFormatException e) {
            throw new PackageException("maps." + map + ": its " + what + " type cannot be decoded: " + e.getMessage());
        }
    }

    private static long size(Btf btf, int typeId) throws PackageException {
        try {
            return btf.sizeOf(typeId);
        } catch (BtfFormatException e) {
            throw new PackageException(e.getMessage());
        }
    }

    /** Every field name, key first. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        key.forEach(f -> out.add(f.name()));
        value.forEach(f -> out.add(f.name()));
        return out;
    }
}
