package dev.ecli.runner.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Collects libbpf's log through {@code libbpf_set_print}. libbpf calls back on the thread that
 * called it, so each thread keeps its own log: an operation clears it, and its failure reads
 * it. Lines are formatted by libc's {@code vsnprintf} from the callback's va_list.
 *
 * <p>Debug lines are formatted and kept only with {@code -v}, as libbpf-tools do: a run makes
 * about 60 of them (every section, map and relocation), which cost 4-10 ms of each start to
 * format, and every failure libbpf explains (a map it could not create, the verifier's log, a
 * missing attach target) comes at warning level.
 */
final class LibbpfLog {
    // int vsnprintf(char *str, size_t size, const char *format, va_list ap);
    // (on x86-64 a va_list parameter is a pointer to a 24-byte __va_list_tag)
    private static final MemorySegment VSNPRINTF = Native.symbol(Native.libc(), "vsnprintf");
    private static final boolean AMD64 = "amd64".equals(System.getProperty("os.arch"));
    private static final long VA_LIST_TAG_SIZE = 24;
    /** Most lines fit; the verifier log comes as one print of up to megabytes. */
    private static final int FIRST_TRY = 4096;
    /** Per thread; past it the oldest text goes (the end of a verifier log says why it failed). */
    static final int KEEP_MAX = 1 << 20;

    /** enum libbpf_print_level: LIBBPF_WARN 0, LIBBPF_INFO 1, LIBBPF_DEBUG 2. */
    private static final int LIBBPF_DEBUG = 2;

    private static final ThreadLocal<StringBuilder> LOG = ThreadLocal.withInitial(StringBuilder::new);
    private static volatile boolean verbose;

    private LibbpfLog() {}

    /** Registers the callback with libbpf; the stub lives as long as the process. */
    static void install(LibBpf.Fn setPrint) {
        try {
            MethodHandle print = MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = Native.LINKER.upcallStub(print,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            setPrint.call(Native.ptr(stub));
        } catch (ReflectiveOperationException | RuntimeException t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    static void setVerbose(boolean on) {
        verbose = on;
    }

    /** Forgets this thread's log; call before an operation whose failure should carry its log. */
    static void clear() {
        LOG.get().setLength(0);
    }

    /** This thread's log since the last {@link #clear()}. */
    static String text() {
        return LOG.get().toString();
    }

    /** The callback: must never throw into C (the JVM would exit). */
    private static int print(int level, MemorySegment fmt, MemorySegment args) {
        if (level >= LIBBPF_DEBUG && !verbose) {
            return 0;
        }
        try {
            String text = format(fmt, args);
            StringBuilder log = LOG.get();
            log.append(text);
            if (log.length() > KEEP_MAX) {
                log.delete(0, log.length() - KEEP_MAX);
            }
            if (verbose) {
                System.err.print(text);
            }
            return text.length();
        } catch (Throwable t) {
            return 0;
        }
    }

    /**
     * Formats into a 4 KiB buffer; when the text is longer, formats again into one of the
     * reported size (capped) from a copy of the va_list taken before the first use, which is
     * what va_copy does on x86-64. Elsewhere long text is cut.
     */
    private static String format(MemorySegment fmt, MemorySegment args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment copy = MemorySegment.NULL;
            if (AMD64) {
                copy = a.allocate(VA_LIST_TAG_SIZE, 8);
                MemorySegment.copy(args.reinterpret(VA_LIST_TAG_SIZE), 0, copy, 0, VA_LIST_TAG_SIZE);
            }
            MemorySegment buf = a.allocate(FIRST_TRY);
            int n = (int) Native.call(VSNPRINTF, Native.ptr(buf), FIRST_TRY, Native.ptr(fmt), Native.ptr(args));
            if (n < 0) {
                return "";
            }
            if (n >= FIRST_TRY && AMD64) {
                int size = Math.min(n, KEEP_MAX) + 1;
                buf = a.allocate(size);
                n = (int) Native.call(VSNPRINTF, Native.ptr(buf), size, Native.ptr(fmt), Native.ptr(copy));
                return Native.string(buf, size);
            }
            return Native.string(buf, FIRST_TRY);
        }
    }
}
