package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Asks the kernel whether it accepts a program type with an expected attach type, by loading
 * the smallest program there is ({@code r0 = 0; exit}) with {@code bpf_prog_load}. Tracing
 * programs are probed without a target (attach_btf_id 0): a kernel that allows them answers
 * EINVAL (a target is required), one that refuses them answers EPERM before looking.
 */
public final class KernelProbe {
    private static final int EINVAL = 22;
    /** sizeof(struct bpf_prog_load_opts) in libbpf 1.1.2; expected_attach_type is at offset 12. */
    private static final long LOAD_OPTS_SIZE = 104;

    private KernelProbe() {}

    /**
     * The errno the kernel refuses such a program with, or 0 when it accepts the type. EINVAL
     * for a program that needs a target counts as accepted.
     */
    public static int refusal(int progType, int expectedAttachType) {
        try (Arena a = Arena.ofConfined()) {
            // BPF_ALU64 | BPF_MOV | BPF_K, dst r0, imm 0; BPF_JMP | BPF_EXIT.
            MemorySegment insns = a.allocate(16, 8);
            insns.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0xb7L);
            insns.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0x95L);
            MemorySegment opts = a.allocate(LOAD_OPTS_SIZE, 8);
            opts.set(ValueLayout.JAVA_LONG, 0, LOAD_OPTS_SIZE);
            opts.set(ValueLayout.JAVA_INT, 12, expectedAttachType);
            LibbpfLog.clear();
            int fd = (int) LibBpf.PROG_LOAD.call(progType, Native.ptr(a.allocateFrom("ecli_probe")),
                    Native.ptr(a.allocateFrom("GPL")), Native.ptr(insns), 2L, Native.ptr(opts));
            if (fd >= 0) {
                Libc.close(fd);
                return 0;
            }
            int errno = Native.errno();
            return errno == EINVAL ? 0 : errno;
        }
    }
}
