package dev.ecli.runner.session;

import dev.ecli.runner.attach.AttachStrategy;
import dev.ecli.runner.decode.DecodeException;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.enrich.Enrichment;
import dev.ecli.runner.enrich.Identities;
import dev.ecli.runner.filter.EventFilter;
import dev.ecli.runner.filter.FieldSelection;
import dev.ecli.runner.filter.FilterException;
import dev.ecli.runner.filter.OwnProcess;
import dev.ecli.runner.format.Formats;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.sample.MapLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything a run decides before the kernel is touched, from the package, its object's ELF
 * and BTF, and the options: the exported streams with their decode plans, {@code --fields}
 * and {@code --filter} compiled against them, the parameters' values, the attach strategies,
 * the sampled maps' layouts and intervals. Building one needs no privilege and loads nothing,
 * so every mistake in the options is reported here; {@link Session#start} then only does
 * kernel work. Deterministic: the same package and options give the same plan.
 *
 * @param exports    one per exported map, in manifest order
 * @param intervals  per sampled map, its interval in milliseconds (0: at the end only)
 * @param programs   which programs the parameters turn off; the kernel's part of the choice waits for the session
 * @param sizes      map sizes to set before load
 * @param counts     per sampled map, how many prints end the run (0: no limit)
 * @param identities the names {@code --enrich} adds, or null without it
 */
public record RunPlan(Basis basis, ParamValues values, List<Export> exports,
                      List<AttachStrategy> strategies, Map<String, MapLayout> layouts, Map<String, Long> intervals,
                      ProgramChoice programs, MapSizes sizes,
                      Map<String, Long> counts, Identities identities) {

    /**
     * One exported map of the run.
     * @param stream   its records as shown (fields, formats, filters)
     * @param dropsVar the global counting the records its programs dropped, or null
     */
    public record Export(EventStream stream, String dropsVar) {}

    /**
     * What a package's object says, read once per run: its {@link ObjectSpec} (ELF, BTF,
     * programs, maps) and the parameters its globals offer.
     */
    public record Basis(PackageSpec pkg, ObjectSpec object, List<ParamSpec> params) {
        /**
         * Reads the package's object (once per package: see {@link PackageSpec#object()}) and finds its parameters.
         * @throws PackageException when the object is unreadable or its BTF malformed
         */
        public static Basis read(PackageSpec pkg) throws PackageException {
            ObjectSpec object = pkg.object();
            return new Basis(pkg, object, ParamSpec.discover(object.btf(), object.elf(), pkg.manifest()));
        }

        /** A parameter's text on this run (given or default), by variable name; empty for a name that is no parameter. */
        Function<String, Optional<String>> paramText(ParamValues values) {
            return name -> params.stream().filter(p -> p.variable().equals(name)).findFirst().map(values::textOf);
        }
    }

    /**
     * Plans a run.
     * @param fields  {@code --fields}, or null
     * @param filters {@code --filter} expressions, each applied to every stream
     * @throws PackageException when the manifest does not fit the object
     * @throws ParamException   when a parameter's value does not fit where it is used
     * @throws FilterException  when {@code --fields} or a {@code --filter} names no field or does not parse
     */
    public static RunPlan of(Basis basis, ParamValues values, String fields, List<String> filters)
            throws PackageException, ParamException, FilterException {
        return of(basis, values, fields, filters, false);
    }

    /**
     * Plans a run, with the enrichment stage ({@code --enrich}: see dev.ecli.runner.enrich) when
     * {@code enrich} is set; its fields can then be named by {@code --fields} and {@code --filter}.
     */
    public static RunPlan of(Basis basis, ParamValues values, String fields, List<String> filters, boolean enrich)
            throws PackageException, ParamException, FilterException {
        List<String> conditions = FieldConditions.problems(basis.pkg().manifest(),
                basis.params().stream().filter(p -> p.kind() == ParamSpec.Kind.BOOL).map(ParamSpec::variable)
                        .collect(Collectors.toSet()),
                basis.params().stream().map(ParamSpec::variable).collect(Collectors.toSet()));
        if (!conditions.isEmpty()) {
            throw new PackageException(conditions.getFirst());
        }
        basis = new Basis(FieldConditions.apply(basis.pkg(), basis.paramText(values)), basis.object(), basis.params());
        PackageSpec pkg = basis.pkg();
        Map<String, Integer> mapTypes = new LinkedHashMap<>();
        for (ObjectSpec.MapDef m : basis.object().maps()) {
            mapTypes.put(m.name(), m.type());
        }
        List<EventStream> bound = ExportBinder.bind(pkg, mapTypes, basis.object().btf());
        List<Export> exports = new ArrayList<>();
        Identities ids = enrich ? new Identities() : null;
        for (EventStream s : bound) {
            String drops = dropsOf(pkg, s.map());
            String wrongDrops = drops == null ? null : DropCounter.problem(basis.object().btf(), drops, s.map());
            if (wrongDrops != null) {
                throw new PackageException(wrongDrops);
            }
            EventStream e = s;
            if (ids != null) {
                try {
                    e = Enrichment.apply(s, fieldSpecs(pkg, s.map()), ids);
                } catch (DecodeException x) {
                    throw new PackageException(x.getMessage());
                }
            }
            exports.add(new Export(styled(e, fields, filters, addressFields(pkg, e)), dropsOf(pkg, s.map())));
        }
        Function<String, Optional<String>> param = basis.paramText(values);
        Map<String, String> sections = new LinkedHashMap<>();
        for (ObjectSpec.Program p : basis.object().programs()) {
            if (!p.section().startsWith("?")) { // libbpf does not load '?' sections unless asked
                sections.put(p.name(), p.section());
            }
        }
        List<AttachStrategy> strategies = AttachSetup.strategies(pkg, sections, param);
        Map<String, MapLayout> layouts = SamplerSetup.layouts(pkg, basis.object());
        Map<String, Long> intervals = SamplerSetup.intervals(pkg, param);
        List<String> wrong = ProgramChoice.problems(pkg.manifest(),
                basis.object().programs().stream().map(ObjectSpec.Program::name).collect(Collectors.toSet()),
                basis.params().stream().filter(p -> p.kind() == ParamSpec.Kind.BOOL).map(ParamSpec::variable)
                        .collect(Collectors.toSet()),
                basis.params().stream().map(ParamSpec::variable).collect(Collectors.toSet()));
        if (!wrong.isEmpty()) {
            throw new PackageException(wrong.getFirst());
        }
        ProgramChoice choice = ProgramChoice.of(pkg.manifest(), param);
        MapSizes sizes = MapSizes.of(pkg.manifest().sizes(), basis.object(), param);
        return new RunPlan(basis, values, List.copyOf(exports), List.copyOf(strategies), layouts, intervals, choice,
                sizes, PrintCounts.of(pkg.manifest(), param), ids);
    }

    /** The same plan with every stream {@link EventStream#raw() raw}: the values as the program sends them. */
    public RunPlan raw() {
        List<Export> out = exports.stream().map(e -> new Export(e.stream().raw(), e.dropsVar())).toList();
        return new RunPlan(basis, values, out, strategies, layouts, intervals, programs, sizes, counts, identities);
    }

    /**
     * The same plan leaving out, on each stream with a process field (see
     * {@link Enrichment#processFields}), the records whose process is {@code processId}: the runner's
     * own, which it would otherwise watch itself cause. Streams without one are as they were.
     */
    public RunPlan excludingProcess(long processId) {
        List<Export> out = new ArrayList<>();
        for (Export e : exports) {
            EventStream s = e.stream();
            List<Field.IntField> ids = Enrichment.processFields(s.plan().fields(), fieldSpecs(pkg(), s.map()));
            out.add(ids.isEmpty() ? e
                    : new Export(s.withFilter(OwnProcess.excluding(ids, processId).and(s.filter())), e.dropsVar()));
        }
        return new RunPlan(basis, values, List.copyOf(out), strategies, layouts, intervals, programs, sizes, counts,
                identities);
    }

    /** Whether {@code --enrich} adds a command line: it was asked for and some stream has a process field. */
    public boolean enrichesProcesses() {
        return identities != null && marksProcesses();
    }

    /** Whether some stream has a process field ({@link Enrichment#processFields}). */
    public boolean marksProcesses() {
        for (Export e : exports) {
            if (!Enrichment.processFields(e.stream().plan().fields(), fieldSpecs(pkg(), e.stream().map())).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code --enrich} adds anything: some stream has a field marked as a cgroup or process id. */
    public boolean enrichable() {
        for (Export e : exports) {
            if (Enrichment.marks(e.stream().plan().fields(), fieldSpecs(pkg(), e.stream().map()))) {
                return true;
            }
        }
        return false;
    }

    /** The exported streams, in manifest order, as shown. */
    public List<EventStream> streams() {
        return exports.stream().map(Export::stream).toList();
    }

    /** The package this plan runs. */
    public PackageSpec pkg() {
        return basis.pkg();
    }

    /** {@code stream} with {@code --fields} and every {@code --filter} applied. */
    private static EventStream styled(EventStream s, String fields, List<String> filters, Set<String> addresses)
            throws FilterException {
        EventStream out = fields == null ? s : FieldSelection.apply(fields, s);
        List<EventFilter> compiled = new ArrayList<>();
        for (String f : filters) {
            compiled.add(EventFilter.compile(f, s, addresses));
        }
        return compiled.isEmpty() ? out : out.withFilter(EventFilter.all(compiled));
    }

    /** The fields of {@code s} that carry an address format (ipv4, ipv6, ip: the manifest's or a typedef's). */
    private static Set<String> addressFields(PackageSpec pkg, EventStream s) {
        Map<String, FieldSpec> specs = fieldSpecs(pkg, s.map());
        Set<String> out = new HashSet<>();
        for (Field f : s.plan().fields()) {
            FieldSpec spec = specs.get(f.name());
            String format = spec != null && spec.format() != null ? spec.format()
                    : Formats.fromTypedefs(f.typedefs()).orElse(null);
            if (format != null && List.of("ipv4", "ipv6", "ip").contains(format)) {
                out.add(f.name());
            }
        }
        return out;
    }

    private static Map<String, FieldSpec> fieldSpecs(PackageSpec spec, String map) {
        return spec.manifest().exports().stream().filter(e -> e.map().equals(map)).map(e -> e.fields())
                .filter(java.util.Objects::nonNull).findFirst().orElse(Map.of());
    }

    private static String dropsOf(PackageSpec spec, String map) {
        return spec.manifest().exports().stream().filter(e -> e.map().equals(map)).map(e -> e.drops())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
