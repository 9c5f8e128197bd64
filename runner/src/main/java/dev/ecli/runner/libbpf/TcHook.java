package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * A tc classifier attached to one direction of an interface's clsact qdisc ({@code struct
 * bpf_tc_hook} and {@code bpf_tc_attach}). These are not BPF links: {@link #close()} detaches
 * the filter, and removes the clsact qdisc too when this hook created it. Not thread-safe.
 */
public final class TcHook implements AutoCloseable {
    /** enum bpf_tc_attach_point. */
    public static final int INGRESS = 1, EGRESS = 2;
    private static final int EEXIST = 17;

    // struct bpf_tc_hook { size_t sz; int ifindex; enum bpf_tc_attach_point attach_point; __u32 parent; size_t :0; }
    private static final StructLayout HOOK = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("sz"), ValueLayout.JAVA_INT.withName("ifindex"),
            ValueLayout.JAVA_INT.withName("attach_point"), ValueLayout.JAVA_INT.withName("parent"),
            MemoryLayout.paddingLayout(4));
    // struct bpf_tc_opts { size_t sz; int prog_fd; __u32 flags; __u32 prog_id; __u32 handle; __u32 priority; size_t :0; }
    private static final StructLayout OPTS = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("sz"), ValueLayout.JAVA_INT.withName("prog_fd"),
            ValueLayout.JAVA_INT.withName("flags"), ValueLayout.JAVA_INT.withName("prog_id"),
            ValueLayout.JAVA_INT.withName("handle"), ValueLayout.JAVA_INT.withName("priority"),
            MemoryLayout.paddingLayout(4));

    private final MemorySegment hook;
    private final MemorySegment opts;
    private final boolean createdQdisc;
    private final String what;
    private boolean closed;

    private TcHook(MemorySegment hook, MemorySegment opts, boolean createdQdisc, String what) {
        this.hook = hook;
        this.opts = opts;
        this.createdQdisc = createdQdisc;
        this.what = what;
    }

    /**
     * Adds a clsact qdisc to the interface when it has none, and attaches {@code program} as a
     * direct-action filter in the given direction.
     * @param attachPoint {@link #INGRESS} or {@link #EGRESS}
     * @throws BpfException naming the program, interface and direction
     */
    public static TcHook attach(BpfProgram program, int ifindex, String ifname, int attachPoint) throws BpfException {
        String what = "tc " + (attachPoint == INGRESS ? "ingress" : "egress") + " on " + ifname;
        Arena scratch = Arena.ofShared();
        MemorySegment hook = scratch.allocate(HOOK);
        hook.set(ValueLayout.JAVA_LONG, 0, HOOK.byteSize());
        hook.set(ValueLayout.JAVA_INT, 8, ifindex);
        hook.set(ValueLayout.JAVA_INT, 12, attachPoint);
        MemorySegment opts = scratch.allocate(OPTS);
        opts.set(ValueLayout.JAVA_LONG, 0, OPTS.byteSize());
        opts.set(ValueLayout.JAVA_INT, 8, program.fd());
        boolean created = false;
        try {
            LibbpfLog.clear();
            int rc = (int) LibBpf.TC_HOOK_CREATE.call(Native.ptr(hook));
            if (rc < 0 && -rc != EEXIST) {
                throw LibBpf.failure("attach program " + program + " to " + what + ": create clsact qdisc", rc);
            }
            created = rc == 0;
            rc = (int) LibBpf.TC_ATTACH.call(Native.ptr(hook), Native.ptr(opts));
            if (rc < 0) {
                throw LibBpf.failure("attach program " + program + " to " + what, rc);
            }
            TcHook h = new TcHook(hook, opts, created, what);
            h.keep(scratch);
            return h;
        } catch (BpfException e) {
            destroyQuietly(hook, created);
            scratch.close();
            throw e;
        } catch (RuntimeException | Error t) {
            scratch.close();
            throw t;
        }
    }

    private Arena scratch;

    private void keep(Arena a) {
        this.scratch = a;
    }

    private static void destroyQuietly(MemorySegment hook, boolean created) {
        if (!created) {
            return;
        }
        // Both directions: destroying the clsact qdisc removes every filter on it.
        hook.set(ValueLayout.JAVA_INT, 12, INGRESS | EGRESS);
        LibBpf.TC_HOOK_DESTROY.call(Native.ptr(hook));
    }

    /** Detaches the filter; removes the clsact qdisc when this hook added it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // bpf_tc_detach wants handle and priority (filled in by attach) and no prog_fd/prog_id.
            opts.set(ValueLayout.JAVA_INT, 8, 0);
            opts.set(ValueLayout.JAVA_INT, 12, 0);
            opts.set(ValueLayout.JAVA_INT, 16, 0);
            LibBpf.TC_DETACH.call(Native.ptr(hook), Native.ptr(opts));
            destroyQuietly(hook, createdQdisc);
        } finally {
            scratch.close();
        }
    }

    @Override
    public String toString() {
        return what + (closed ? " (closed)" : "");
    }
}
