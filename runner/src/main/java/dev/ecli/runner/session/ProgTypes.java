package dev.ecli.runner.session;

/** Names of {@code enum bpf_prog_type} values, for {@code inspect} and messages. */
public final class ProgTypes {
    private static final String[] NAMES = {
        "unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint", "xdp",
        "perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit", "sock_ops",
        "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local",
        "lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable",
        "cgroup_sockopt", "tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter",
    };

    private ProgTypes() {}

    /** The short name of a program type ("tracepoint"), or "type N" when unknown. */
    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type " + type;
    }
}
