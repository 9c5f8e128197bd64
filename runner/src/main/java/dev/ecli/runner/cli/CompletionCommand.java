package dev.ecli.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ecli-java completion bash|zsh}: the shell completion script. picocli's generated
 * script ({@link AutoComplete}) completes the commands and their options; a hook appended to it
 * completes package names and, after {@code run PACKAGE}, the package's own parameters by
 * asking {@code ecli-java __complete}. The zsh flavour is the same script run through zsh's
 * {@code bashcompinit}, with a {@code #compdef} line so it can also sit in {@code $fpath}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash or zsh. It completes commands, options,"
                + " package names (see 'ecli-java list') and, after 'run PACKAGE', the package's parameters.",
            "Installed by the Debian package; otherwise load it from your shell's startup file."},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(ecli-java completion bash)      # in ~/.bashrc",
            "  source <(ecli-java completion zsh)       # in ~/.zshrc",
            "  ecli-java completion zsh > \"${fpath[1]}/_ecli-java\""})
final class CompletionCommand implements Callable<Integer> {
    /** Shells. */
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", defaultValue = "bash",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.print(script(spec.root().commandLine(), shell));
        out.flush();
        return ExitCodes.OK;
    }

    /** The completion script of {@code root} for {@code shell}. */
    static String script(CommandLine root, Shell shell) throws IOException {
        String name = root.getCommandName();
        StringBuilder sb = new StringBuilder();
        if (shell == Shell.zsh) {
            sb.append("#compdef ").append(name).append('\n');
            // bash's compopt has no zsh twin; the functions below call it. A no-op keeps zsh quiet.
            sb.append("(( ${+functions[compopt]} )) || compopt() { return 0; }\n");
        }
        sb.append(AutoComplete.bash(name, root));
        sb.append(hook(root));
        if (shell == Shell.zsh) {
            // Autoloaded from $fpath, this file is the completion function itself: after defining
            // everything above, complete the line now. Sourced, it only defines.
            sb.append("\nif (( ${+compstate} )); then\n  _bash_complete -F _ecli_java_complete -o default\nfi\n");
        }
        return sb.toString();
    }

    /** The hook, with each PACKAGE-taking command's value-taking options filled in. */
    private static String hook(CommandLine root) throws IOException {
        String template;
        try (InputStream in = CompletionCommand.class.getResourceAsStream("completion-packages.bash")) {
            if (in == null) {
                throw new IOException("completion-packages.bash missing from the jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder vars = new StringBuilder();
        StringBuilder cases = new StringBuilder();
        Map<String, CommandLine> subs = new TreeMap<>(root.getSubcommands());
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !takesPackage(sub)) {
                continue;
            }
            StringBuilder opts = new StringBuilder(" ");
            for (OptionSpec o : sub.options()) {
                if (o.arity().max() > 0 && o.arity().min() > 0) {
                    for (String n : o.names()) {
                        opts.append(n).append(' ');
                    }
                }
            }
            String var = "_ecli_java_argopts_" + e.getKey().replaceAll("[^A-Za-z0-9_]", "_");
            vars.append(var).append("=\"").append(opts).append("\"\n");
            cases.append("        ").append(e.getKey()).append(") sub=").append(e.getKey())
                    .append("; argopts=$").append(var).append(" ;;\n");
        }
        return template.replace("@ARG_OPTIONS@\n", vars.toString()).replace("@SUBCOMMAND_CASES@\n", cases.toString());
    }

    /** Commands whose first positional is a PACKAGE. */
    private static boolean takesPackage(CommandSpec sub) {
        for (PositionalParamSpec p : sub.positionalParameters()) {
            return "PACKAGE".equals(p.paramLabel());
        }
        return false;
    }
}
