package dev.ecli.runner.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a new package folder from one of the templates. Template files are the repository's
 * {@code templates/TEMPLATE/NAME.h}, ..., shipped in the jar under {@code /templates}; {@code NAME} in a file name and {@code @NAME@},
 * {@code @GUARD@} in the text become the package's name and its include guard.
 */
public final class Scaffold {
    /** The templates, with the files each one has. */
    public enum Template {
        /** A ring buffer of exec events. */
        EVENTS(List.of("NAME.h", "NAME.bpf.c")),
        /** A log2 histogram of sleep times. */
        HISTOGRAM(List.of("NAME.h", "NAME.bpf.c")),
        /** Sampled kernel and user stacks. */
        STACKS(List.of("NAME.h", "NAME.bpf.c", "package.yaml")),
        /** Exit events with a process filter, a bool and an enum param. */
        PARAMS(List.of("NAME.h", "NAME.bpf.c"));

        private final List<String> files;

        Template(List<String> files) {
            this.files = files;
        }

        /** The name on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private Scaffold() {}

    /**
     * Writes the package {@code name} into {@code dir}, which must be missing or empty.
     *
     * @return the files written, in order
     * @throws IllegalArgumentException with a one-line message when the name is not a C identifier or
     *                                  the folder is not empty
     * @throws IOException              when a file cannot be written
     */
    public static List<Path> write(String name, Template template, Path dir) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("package name '" + name + "' must be a C identifier"
                    + " (a letter, then letters, digits or _; at most 64)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file; choose another name or --dir");
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new IllegalArgumentException(dir + " already exists and is not empty; choose another name or --dir");
        }
        Files.createDirectories(dir);
        String guard = name.toUpperCase(Locale.ROOT);
        List<Path> written = new ArrayList<>();
        for (String file : template.files) {
            String text = resource(template.label() + "/" + file)
                    .replace("@NAME@", name).replace("@GUARD@", guard);
            Path target = dir.resolve(file.replace("NAME", name));
            Files.writeString(target, text);
            written.add(target);
        }
        return written;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = Scaffold.class.getResourceAsStream("/templates/" + path)) {
            if (in == null) {
                throw new IOException("the runner's template file " + path + " is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
