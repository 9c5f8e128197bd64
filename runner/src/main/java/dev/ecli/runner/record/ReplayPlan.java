package dev.ecli.runner.record;

import dev.ecli.runner.filter.FilterException;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.session.RunPlan;
import dev.ecli.runner.stream.EventStream;
import java.util.List;

/**
 * The plan a replay shows a recording through: the one a live run of the recorded package, with
 * the recorded parameters and the replay's options, would make; checked against the streams the
 * recording's header names.
 */
public final class ReplayPlan {
    private ReplayPlan() {}

    /**
     * The plan of {@code file}, whose header is {@code header}, shown with {@code fields} (or
     * null) and {@code filters}.
     * @throws RecordingException when a recorded parameter no longer fits, or the package's
     *                            streams are not the ones recorded
     */
    public static RunPlan of(RecordingHeader header, String file, String fields, List<String> filters)
            throws RecordingException, PackageException, ParamException, FilterException {
        PackageSpec pkg = RecordedPackage.load(header, file);
        RunPlan.Basis basis = RunPlan.Basis.read(pkg);
        ParamValues values = new ParamValues();
        for (ParamSpec p : basis.params()) {
            String text = header.params().get(p.variable());
            // A cgroup named at recording time need not exist here; it only chose what was recorded.
            if (text != null && !text.isEmpty() && p.cgroupMap() == null) {
                try {
                    values.set(p, text);
                } catch (ParamException e) {
                    throw new RecordingException(file + ": parameter " + p.variable() + ": " + e.getMessage());
                }
            }
        }
        RunPlan plan = RunPlan.of(basis, values, fields, filters);
        List<RecordingHeader.Stream> recorded = header.streams();
        if (recorded.size() != plan.streams().size()) {
            throw new RecordingException(file + ": the header names " + recorded.size() + " streams, its package"
                    + " exports " + plan.streams().size());
        }
        for (int i = 0; i < recorded.size(); i++) {
            RecordingHeader.Stream r = recorded.get(i);
            EventStream s = plan.streams().get(i);
            if (!r.map().equals(s.map()) || r.size() != s.plan().size()) {
                throw new RecordingException(file + ": stream " + i + " is map " + r.map() + " of " + r.size()
                        + " bytes in the header, map " + s.map() + " of " + s.plan().size() + " bytes in its package");
            }
        }
        return plan;
    }
}
