package dev.ecli.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.resolve.Registry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecli-java list --cache}: the pulled packages, one row per reference or URL. */
final class CacheListing {
    private CacheListing() {}

    static int print(CommandSpec spec, boolean json) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Registry.Cached e : Registry.cached()) {
            String name = null;
            String description = null;
            String problem = null;
            try {
                PackageSpec pkg = PackageLoader.load(e.dir());
                name = pkg.manifest().name();
                description = pkg.manifest().description();
            } catch (PackageException | RuntimeException ex) {
                problem = Errors.message(ex);
            }
            for (String source : e.sources().isEmpty() ? List.of("") : e.sources()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", source.isEmpty() ? null : source);
                m.put("digest", e.digest());
                m.put("name", name);
                m.put("description", description);
                m.put("path", e.dir().toString());
                if (problem != null) {
                    m.put("problem", problem);
                }
                rows.add(m);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else if (rows.isEmpty()) {
            spec.commandLine().getErr().println("ecli-java: nothing pulled into " + Registry.cacheRoot());
            spec.commandLine().getErr().flush();
        } else {
            table(out, rows);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void table(PrintWriter out, List<Map<String, Object>> rows) {
        String[] cols = {"SOURCE", "DIGEST", "NAME", "DESCRIPTION"};
        List<String[]> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String digest = (String) r.get("digest");
            String desc = r.containsKey("problem") ? "(invalid: " + r.get("problem") + ")" : text(r.get("description"));
            cells.add(new String[] {r.get("source") == null ? "(by digest only)" : (String) r.get("source"),
                digest.substring(0, "sha256:".length() + 12), text(r.get("name")), desc});
        }
        int[] w = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            w[i] = cols[i].length();
            for (String[] c : cells) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        String fmt = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s%n";
        out.printf(fmt, (Object[]) cols);
        for (String[] c : cells) {
            out.printf(fmt, (Object[]) c);
        }
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
