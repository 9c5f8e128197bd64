package dev.ecli.runner.session;

import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.stream.StreamView;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamRefs;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.btf.Btf;
import dev.ecli.runner.sample.Entries;
import dev.ecli.runner.sample.GlobalEntries;
import dev.ecli.runner.sample.GlobalCells;
import dev.ecli.runner.sample.MapLayout;
import dev.ecli.runner.sample.MapSampler;
import dev.ecli.runner.sample.Stacks;
import dev.ecli.runner.pkg.StackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The samplers of one run, from the manifest's {@code maps:}, each with the view its rows are shown through. */
final class SamplerSetup {
    /** A sampled map and how its rows look (fields shown, formats, widths). */
    record Sampled(MapSampler sampler, EventStream view) {}

    private SamplerSetup() {}

    /**
     * The key and value layouts of the sampled maps, from BTF; call before load.
     * @throws PackageException when a map has no BTF key or value type
     */
    static Map<String, MapLayout> layouts(PackageSpec spec, ObjectSpec object)
            throws PackageException {
        Map<String, MapLayout> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, MapSpec> e : spec.manifest().maps().entrySet()) {
            MapSpec m = e.getValue();
            out.put(e.getKey(), MapLayout.ofSampled(object.btf(), e.getKey(), spec.objectName(),
                    m.keyName() == null ? "key" : m.keyName(), m.valueName() == null ? "value" : m.valueName()));
        }
        return out;
    }

    /**
     * Each sampled map's interval in milliseconds, with {@code ${param}} resolved; call before load.
     * @throws PackageException when an interval names no parameter
     * @throws ParamException   when an interval is not a number of milliseconds
     */
    static Map<String, Long> intervals(PackageSpec spec, Function<String, Optional<String>> param)
            throws PackageException, ParamException {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, MapSpec> e : spec.manifest().maps().entrySet()) {
            out.put(e.getKey(), interval(e.getKey(), e.getValue().interval(), param));
        }
        return out;
    }

    /**
     * The samplers, over the loaded object's maps.
     * @throws PackageException when a map is missing or cannot be sampled as asked
     */
    static List<Sampled> open(PackageSpec spec, Map<String, Long> intervals, BpfObject object,
                              Map<String, MapLayout> layouts, Btf btf) throws PackageException {
        List<Sampled> out = new ArrayList<>();
        for (Map.Entry<String, MapSpec> e : spec.manifest().maps().entrySet()) {
            String name = e.getKey();
            Entries entries = entries(name, object, btf, spec.objectName());
            if (!MapType.sampleable(entries.type())) {
                throw new PackageException("maps." + name + ": map '" + name + "' is a " + MapType.name(entries.type())
                        + " map; only " + MapType.SAMPLED_NAMES + " maps can be sampled");
            }
            MapSpec m = e.getValue();
            MapSampler sampler = MapSampler.of(entries, m, layouts.get(name), intervals.get(name),
                    stacks(name, m, object, spec.objectName()));
            out.add(new Sampled(sampler, view(name, m, sampler)));
        }
        return out;
    }

    /** The map of that name, else the .bss/.data variable of that name as an array map's cells. */
    private static Entries entries(String name, BpfObject object, Btf btf, String objectName) throws PackageException {
        Optional<BpfMap> map = object.map(name);
        if (map.isPresent()) {
            return Entries.of(map.get());
        }
        GlobalCells cells = GlobalCells.find(btf, name).orElseThrow(() -> new PackageException("maps." + name
                + ": no map '" + name + "' and no .bss or .data variable of that name in " + objectName));
        // libbpf names internal maps after the object, truncated, with the section last: "myprog.bss"
        BpfMap section = object.maps().stream().filter(m -> m.name().endsWith(cells.section())).findFirst()
                .orElseThrow(() -> new PackageException("maps." + name + ": libbpf opened no " + cells.section()
                        + " map for " + objectName));
        return new GlobalEntries(name, section, cells);
    }

    /** The stack maps of the map's stack-id fields. */
    private static Stacks stacks(String name, MapSpec m, BpfObject object, String objectName) throws PackageException {
        Map<String, Stacks.Source> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, StackSpec> e : m.stacks().entrySet()) {
            String stackMap = e.getValue().map();
            BpfMap sm = object.map(stackMap).orElseThrow(() -> new PackageException("maps." + name + ".stacks."
                    + e.getKey() + ": no map '" + stackMap + "' in " + objectName));
            if (!MapType.STACK_TRACE.is(sm.type())) {
                throw new PackageException("maps." + name + ".stacks." + e.getKey() + ": map '" + stackMap + "' is a "
                        + MapType.name(sm.type()) + " map, not a stack_trace map");
            }
            out.put(e.getKey(), new Stacks.Source(sm, !StackSpec.USER.equals(e.getValue().space())));
        }
        return new Stacks(out);
    }

    /** The interval in milliseconds (0: print at the end only), with {@code ${param}} resolved. */
    static long interval(String map, String raw, Function<String, Optional<String>> param)
            throws PackageException, ParamException {
        if (raw == null) {
            return 0;
        }
        try {
            return ParamRefs.evaluate("maps." + map + ".interval", raw, param, 0, Long.MAX_VALUE,
                    "a number of milliseconds (or a product or sum of them)");
        } catch (ParamRefs.Invalid e) {
            if (e.unknownParam()) {
                throw new PackageException(e.getMessage());
            }
            // the parameter's value, which the user gave, is no number
            throw new ParamException(e.getMessage());
        }
    }


    /** The rows' view: the manifest's (or typedefs') formats and widths, hidden fields left out. */
    private static EventStream view(String name, MapSpec m, MapSampler sampler) throws PackageException {
        var plan = sampler.rowPlan();
        List<String> unknown = StreamView.unknownFields(plan, m.fields());
        if (!unknown.isEmpty()) {
            throw new PackageException("maps." + name + ".fields names '" + unknown.getFirst() + "', which neither key"
                    + " nor value has (they have: " + String.join(", ", StreamView.names(plan)) + ")");
        }
        List<String> problems = StreamView.problems("maps." + name + ".fields", plan, m.fields());
        if (!problems.isEmpty()) {
            throw new PackageException(problems.getFirst());
        }
        return StreamView.of(name, plan, m.fields());
    }
}
