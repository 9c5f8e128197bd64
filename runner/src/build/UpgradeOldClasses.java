import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run on the shaded jar after {@code package}: rewrites every class older than
 * Java 6 (class file version below 50; picocli ships Java 5 classes) as a Java 8 class with
 * stack maps. The JDK's AOT cache and CDS refuse to archive classes that old, so without this
 * picocli is loaded, verified and interpreted afresh on every start (about 15% of the CPU time
 * to the first event). Only the version and the stack maps change; the code is the same.
 *
 * <p>Usage: {@code java UpgradeOldClasses.java JAR}. Needs JDK 24+ (the final ClassFile API);
 * on an older JDK it compiles to nothing and the build keeps the jar as it was.
 */
public final class UpgradeOldClasses {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path out = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        // Stack maps need the class hierarchy: resolve names from the jar itself, then the JDK.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            ClassTransform toJava8 = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen((builder, element) -> {
                        if (element instanceof ClassFileVersion) {
                            builder.withVersion(JAVA_8, 0);
                        } else {
                            builder.with(element);
                        }
                    });
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    bytes = classFile.transformClass(classFile.parse(bytes), toJava8);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("UpgradeOldClasses: " + upgraded + " classes of " + jar.getFileName()
                + " now Java 8 class files (AOT-cacheable)");
    }

    private static int majorVersion(byte[] c) {
        return c.length < 8 ? Integer.MAX_VALUE : (c[6] & 0xff) << 8 | (c[7] & 0xff);
    }
}
