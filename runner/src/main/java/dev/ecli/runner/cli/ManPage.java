package dev.ecli.runner.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual page, ecli-java(1), in roff, generated from the command model: every visible
 * command's synopsis, description, parameters, options and examples, the exit codes, and a
 * few sections of prose (package parameters, environment, files). Written by
 * {@code ecli-java __man}; {@code scripts/package.sh} installs it.
 */
final class ManPage {
    private final StringBuilder sb = new StringBuilder();

    private ManPage() {}

    /** The page for {@code root} (a fresh command line: synopsis widths are changed). */
    static String of(CommandLine root) {
        return new ManPage().render(root);
    }

    private String render(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        String name = root.getCommandName();
        String version = spec.version().length == 0 ? "" : spec.version()[0];
        line(".TH " + quote(name.toUpperCase(java.util.Locale.ROOT)) + " 1 " + quote(date()) + " "
                + quote(version) + " " + quote("User Commands"));
        section("NAME");
        line(esc(name) + " \\- run eBPF packages and print their events, decoded from BTF");

        section("SYNOPSIS");
        for (CommandLine sub : visible(root)) {
            synopsis(sub);
        }

        section("DESCRIPTION");
        for (String d : spec.usageMessage().description()) {
            paragraph(d);
        }
        paragraph("A package is a directory holding a compiled BPF object (.bpf.o) and a manifest"
                + " (package.yaml, or an eunomia-bpf package.json) that says which maps carry which structs."
                + " PACKAGE is that directory, its manifest file, or a package's name: a bare name that is not"
                + " a file is looked up in $ECLI_PATH, then among the packages shipped with ecli-java"
                + " (see \\fBlist\\fR).");
        paragraph("Events are printed as a table (a header, then one aligned row per event) or as JSON or"
                + " YAML, one document per event. When stderr is a terminal, a status line below the"
                + " output counts events, events per second, drops and time (\\fB\\-\\-quiet\\fR hides it);"
                + " when stdout is a terminal, the table header is highlighted (unless NO_COLOR is set).");

        section("COMMANDS");
        for (CommandLine sub : visible(root)) {
            if (sub == root) {
                continue;
            }
            command(sub);
        }

        section("PACKAGE PARAMETERS");
        paragraph("Options of \\fBrun\\fR that follow PACKAGE and are not listed above set the package's"
                + " parameters: every const volatile global in the object's .rodata (and globals the"
                + " manifest's params: names) is an option, typed from BTF (integers with range checks, bool,"
                + " enums by name, char arrays), its default the compiled-in value."
                + " \\fBecli\\-java run\\fR \\fIPACKAGE\\fR \\fB\\-\\-help\\fR lists them.");

        section("ENVIRONMENT");
        item("\\fBECLI_PATH\\fR", "Colon-separated directories searched first for packages named by a bare name;"
                + " each holds package directories, or is one.");
        item("\\fBNO_COLOR\\fR", "When set and not empty, output has no colours.");
        item("\\fBTERM\\fR", "When \\fBdumb\\fR, no status line and no colours.");

        section("FILES");
        item("\\fI/usr/share/ecli\\-java/packages\\fR, \\fI/usr/share/ecli\\-java/examples\\fR",
                "Packages shipped with ecli-java, found by name.");
        item("\\fI/usr/share/ecli\\-java/schemas/package.schema.json\\fR", "The manifest's JSON Schema.");

        Map<String, String> exits = spec.usageMessage().exitCodeList();
        if (!exits.isEmpty()) {
            section("EXIT STATUS");
            for (Map.Entry<String, String> e : exits.entrySet()) {
                item("\\fB" + esc(e.getKey().strip()) + "\\fR", e.getValue());
            }
        }

        section("SEE ALSO");
        line("\\fBbpftool\\fR(8), \\fBbpftrace\\fR(8), \\fBclang\\fR(1)");
        return sb.toString();
    }

    private void command(CommandLine cl) {
        CommandSpec c = cl.getCommandSpec();
        line(".SS " + quote(c.qualifiedName()));
        for (String d : c.usageMessage().description()) {
            paragraph(d);
        }
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (!p.hidden()) {
                item("\\fI" + esc(p.paramLabel()) + "\\fR", String.join(" ", p.renderedDescription()));
            }
        }
        for (OptionSpec o : c.options()) {
            if (o.hidden()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + esc(n) + "\\fR");
            }
            String label = o.arity().max() > 0 ? (o.arity().min() == 0 ? "[=\\fI" : "=\\fI") + esc(o.paramLabel())
                    + "\\fR" + (o.arity().min() == 0 ? "]" : "") : "";
            item(String.join(", ", names) + label, String.join(" ", o.renderedDescription()));
        }
        String[] footer = c.usageMessage().footer();
        if (footer.length > 0) {
            line(".PP");
            line("Examples:");
            line(".PP");
            line(".RS 4");
            line(".nf");
            for (String f : footer) {
                line(esc(f.strip()));
            }
            line(".fi");
            line(".RE");
        }
    }

    private void synopsis(CommandLine cl) {
        CommandSpec c = cl.getCommandSpec();
        c.usageMessage().width(Math.max(c.usageMessage().width(), 1000));
        String text = new Help(c, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
        String qualified = c.qualifiedName();
        String rest = text.startsWith(qualified) ? text.substring(qualified.length()) : text;
        line(".PP");
        line("\\fB" + esc(qualified) + "\\fR" + esc(rest.replaceAll("\\s+", " ")));
    }

    /** The root and every non-hidden command under it, depth first; a command with subcommands only groups them. */
    private static List<CommandLine> visible(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(CommandLine cl, List<CommandLine> out) {
        if (cl.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        if (cl.getSubcommands().isEmpty() || cl.getParent() == null) {
            out.add(cl);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getParent() == cl && !out.contains(sub)) {
                walk(sub, out);
            }
        }
    }

    private void section(String title) {
        line(".SH " + quote(title));
    }

    private void paragraph(String text) {
        line(".PP");
        line(text.contains("\\f") ? text : esc(text));
    }

    private void item(String tag, String text) {
        line(".TP");
        line(tag);
        line(text.contains("\\f") ? text : esc(text));
    }

    private void line(String s) {
        sb.append(s).append('\n');
    }

    /** Text for roff: backslashes, hyphens, picocli's %n, and a leading dot or quote made literal. */
    static String esc(String s) {
        String t = s.replace("%n", "\n").replace("%%", "%").replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String l : t.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(l.startsWith(".") || l.startsWith("'") ? "\\&" + l : l);
        }
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + esc(s).replace("\"", "\\(dq") + "\"";
    }

    /** The page's date: SOURCE_DATE_EPOCH when set (reproducible builds), else today. */
    private static String date() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC).toString();
        }
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
