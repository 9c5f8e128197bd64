package dev.ecli.runner.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Every libbpf downcall, with its C signature; only APIs present in libbpf 1.1.2. In 1.x, int
 * functions return a negative errno and pointer functions return NULL with errno set (strict
 * mode is always on), so pointer functions' handles capture errno: pass
 * {@link Native#callState()} first. Loading this class installs the print callback
 * ({@link LibbpfLog}).
 */
public final class LibBpf {
    private static final SymbolLookup LIB = load();

    // struct bpf_object *bpf_object__open_file(const char *path, const struct bpf_object_open_opts *opts);
    static final Fn OBJECT_OPEN_FILE = errnoFn("bpf_object__open_file", ADDRESS, ADDRESS, ADDRESS);
    // struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz, const struct bpf_object_open_opts *opts);
    static final Fn OBJECT_OPEN_MEM = errnoFn("bpf_object__open_mem", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    // int bpf_object__load(struct bpf_object *obj);
    static final Fn OBJECT_LOAD = fn("bpf_object__load", JAVA_INT, ADDRESS);
    // void bpf_object__close(struct bpf_object *obj);
    static final Fn OBJECT_CLOSE = voidFn("bpf_object__close", ADDRESS);
    // const char *bpf_object__name(const struct bpf_object *obj);
    static final Fn OBJECT_NAME = fn("bpf_object__name", ADDRESS, ADDRESS);
    // struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
    static final Fn OBJECT_NEXT_PROGRAM = fn("bpf_object__next_program", ADDRESS, ADDRESS, ADDRESS);
    // struct bpf_map *bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *map);
    static final Fn OBJECT_NEXT_MAP = fn("bpf_object__next_map", ADDRESS, ADDRESS, ADDRESS);

    // const char *bpf_program__name(const struct bpf_program *prog);
    static final Fn PROGRAM_NAME = fn("bpf_program__name", ADDRESS, ADDRESS);
    // const char *bpf_program__section_name(const struct bpf_program *prog);
    static final Fn PROGRAM_SECTION_NAME = fn("bpf_program__section_name", ADDRESS, ADDRESS);
    // enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);
    static final Fn PROGRAM_TYPE = fn("bpf_program__type", JAVA_INT, ADDRESS);
    // bool bpf_program__autoload(const struct bpf_program *prog);
    static final Fn PROGRAM_AUTOLOAD = fn("bpf_program__autoload", JAVA_BOOLEAN, ADDRESS);
    // int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);
    static final Fn PROGRAM_SET_AUTOLOAD = fn("bpf_program__set_autoload", JAVA_INT, ADDRESS, JAVA_BOOLEAN);
    // struct bpf_link *bpf_program__attach(const struct bpf_program *prog);
    static final Fn PROGRAM_ATTACH = errnoFn("bpf_program__attach", ADDRESS, ADDRESS);
    // int bpf_program__fd(const struct bpf_program *prog);
    static final Fn PROGRAM_FD = fn("bpf_program__fd", JAVA_INT, ADDRESS);

    // struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t,
    //         const char *binary_path, size_t func_offset, const struct bpf_uprobe_opts *opts);
    static final Fn PROGRAM_ATTACH_UPROBE_OPTS = errnoFn("bpf_program__attach_uprobe_opts", ADDRESS,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS);
    // struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog, pid_t, const char *binary_path,
    //         const char *usdt_provider, const char *usdt_name, const struct bpf_usdt_opts *opts);
    static final Fn PROGRAM_ATTACH_USDT = errnoFn("bpf_program__attach_usdt", ADDRESS,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    // struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);
    static final Fn PROGRAM_ATTACH_XDP = errnoFn("bpf_program__attach_xdp", ADDRESS, ADDRESS, JAVA_INT);
    // struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
    static final Fn PROGRAM_ATTACH_PERF_EVENT =
            errnoFn("bpf_program__attach_perf_event", ADDRESS, ADDRESS, JAVA_INT);
    // int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);
    static final Fn OBJ_GET_INFO_BY_FD = fn("bpf_obj_get_info_by_fd", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    // int bpf_link__fd(const struct bpf_link *link);
    static final Fn LINK_FD = fn("bpf_link__fd", JAVA_INT, ADDRESS);
    // int bpf_iter_create(int link_fd);
    static final Fn ITER_CREATE = fn("bpf_iter_create", JAVA_INT, JAVA_INT);

    // int bpf_tc_hook_create(struct bpf_tc_hook *hook);
    static final Fn TC_HOOK_CREATE = fn("bpf_tc_hook_create", JAVA_INT, ADDRESS);
    // int bpf_tc_hook_destroy(struct bpf_tc_hook *hook);
    static final Fn TC_HOOK_DESTROY = fn("bpf_tc_hook_destroy", JAVA_INT, ADDRESS);
    // int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);
    static final Fn TC_ATTACH = fn("bpf_tc_attach", JAVA_INT, ADDRESS, ADDRESS);
    // int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);
    static final Fn TC_DETACH = fn("bpf_tc_detach", JAVA_INT, ADDRESS, ADDRESS);

    // int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
    //         const struct bpf_insn *insns, size_t insn_cnt, const struct bpf_prog_load_opts *opts);
    static final Fn PROG_LOAD = errnoFn("bpf_prog_load", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            JAVA_LONG, ADDRESS);

    // int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
    static final Fn PROBE_MAP_TYPE = fn("libbpf_probe_bpf_map_type", JAVA_INT, JAVA_INT, ADDRESS);
    // int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id, const void *opts);
    static final Fn PROBE_HELPER = fn("libbpf_probe_bpf_helper", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    // const char *libbpf_bpf_map_type_str(enum bpf_map_type t);
    static final Fn MAP_TYPE_STR = fn("libbpf_bpf_map_type_str", ADDRESS, JAVA_INT);
    // const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);
    static final Fn PROG_TYPE_STR = fn("libbpf_bpf_prog_type_str", ADDRESS, JAVA_INT);

    // int bpf_link__destroy(struct bpf_link *link);
    static final Fn LINK_DESTROY = fn("bpf_link__destroy", JAVA_INT, ADDRESS);

    // const char *bpf_map__name(const struct bpf_map *map);
    static final Fn MAP_NAME = fn("bpf_map__name", ADDRESS, ADDRESS);
    // enum bpf_map_type bpf_map__type(const struct bpf_map *map);
    static final Fn MAP_TYPE = fn("bpf_map__type", JAVA_INT, ADDRESS);
    // int bpf_map__fd(const struct bpf_map *map);
    static final Fn MAP_FD = fn("bpf_map__fd", JAVA_INT, ADDRESS);
    // __u32 bpf_map__key_size(const struct bpf_map *map);
    static final Fn MAP_KEY_SIZE = fn("bpf_map__key_size", JAVA_INT, ADDRESS);
    // __u32 bpf_map__value_size(const struct bpf_map *map);
    static final Fn MAP_VALUE_SIZE = fn("bpf_map__value_size", JAVA_INT, ADDRESS);
    // __u32 bpf_map__max_entries(const struct bpf_map *map);
    static final Fn MAP_MAX_ENTRIES = fn("bpf_map__max_entries", JAVA_INT, ADDRESS);
    // int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);
    static final Fn MAP_SET_MAX_ENTRIES = fn("bpf_map__set_max_entries", JAVA_INT, ADDRESS, JAVA_INT);
    // int bpf_map__set_value_size(struct bpf_map *map, __u32 size);
    static final Fn MAP_SET_VALUE_SIZE = fn("bpf_map__set_value_size", JAVA_INT, ADDRESS, JAVA_INT);
    // const void *bpf_map__initial_value(struct bpf_map *map, size_t *psize);
    static final Fn MAP_INITIAL_VALUE = fn("bpf_map__initial_value", ADDRESS, ADDRESS, ADDRESS);
    // int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size);
    static final Fn MAP_SET_INITIAL_VALUE =
            fn("bpf_map__set_initial_value", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

    // int bpf_map_lookup_elem(int fd, const void *key, void *value);
    static final Fn MAP_LOOKUP_ELEM = errnoFn("bpf_map_lookup_elem", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    // int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
    static final Fn MAP_UPDATE_ELEM =
            errnoFn("bpf_map_update_elem", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    // int bpf_map_get_next_key(int fd, const void *key, void *next_key);
    static final Fn MAP_GET_NEXT_KEY = errnoFn("bpf_map_get_next_key", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    // int bpf_map_delete_elem(int fd, const void *key);
    static final Fn MAP_DELETE_ELEM = errnoFn("bpf_map_delete_elem", JAVA_INT, JAVA_INT, ADDRESS);
    // int libbpf_num_possible_cpus(void);
    static final Fn NUM_POSSIBLE_CPUS = fn("libbpf_num_possible_cpus", JAVA_INT);

    // typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);
    /** The upcall shape of {@code ring_buffer_sample_fn}. */
    public static final FunctionDescriptor RING_BUFFER_SAMPLE_FN = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    // struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx, const struct ring_buffer_opts *opts);
    /** Errno-capturing: pass {@link Native#callState()} first. */
    public static final Fn RING_BUFFER_NEW =
            errnoFn("ring_buffer__new", ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    // int ring_buffer__poll(struct ring_buffer *ring, int timeout_ms);
    public static final Fn RING_BUFFER_POLL = fn("ring_buffer__poll", JAVA_INT, ADDRESS, JAVA_INT);
    // int ring_buffer__epoll_fd(const struct ring_buffer *ring);
    public static final Fn RING_BUFFER_EPOLL_FD = fn("ring_buffer__epoll_fd", JAVA_INT, ADDRESS);
    // void ring_buffer__free(struct ring_buffer *ring);
    public static final Fn RING_BUFFER_FREE = voidFn("ring_buffer__free", ADDRESS);

    // typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
    /** The upcall shape of {@code perf_buffer_sample_fn}. */
    public static final FunctionDescriptor PERF_BUFFER_SAMPLE_FN =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    // typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);
    /** The upcall shape of {@code perf_buffer_lost_fn}. */
    public static final FunctionDescriptor PERF_BUFFER_LOST_FN = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_LONG);
    // struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt, perf_buffer_sample_fn sample_cb,
    //         perf_buffer_lost_fn lost_cb, void *ctx, const struct perf_buffer_opts *opts);
    /** Errno-capturing: pass {@link Native#callState()} first. */
    public static final Fn PERF_BUFFER_NEW =
            errnoFn("perf_buffer__new", ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    // int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);
    public static final Fn PERF_BUFFER_POLL = fn("perf_buffer__poll", JAVA_INT, ADDRESS, JAVA_INT);
    // int perf_buffer__consume(struct perf_buffer *pb);
    public static final Fn PERF_BUFFER_CONSUME = fn("perf_buffer__consume", JAVA_INT, ADDRESS);
    // int perf_buffer__epoll_fd(const struct perf_buffer *pb);
    public static final Fn PERF_BUFFER_EPOLL_FD = fn("perf_buffer__epoll_fd", JAVA_INT, ADDRESS);
    // void perf_buffer__free(struct perf_buffer *pb);
    public static final Fn PERF_BUFFER_FREE = voidFn("perf_buffer__free", ADDRESS);

    // typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);
    // libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);
    private static final Fn SET_PRINT = fn("libbpf_set_print", ADDRESS, ADDRESS);
    // int libbpf_strerror(int err, char *buf, size_t size);
    private static final Fn STRERROR = fn("libbpf_strerror", JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG);

    static {
        LibbpfLog.install(SET_PRINT.h());
    }

    private LibBpf() {}

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError("libbpf.so.1 not found: install libbpf 1.x (Debian: apt-get install libbpf1)");
        }
    }

    private static Fn fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return new Fn(name, FunctionDescriptor.of(ret, args), false);
    }

    private static Fn voidFn(String name, MemoryLayout... args) {
        return new Fn(name, FunctionDescriptor.ofVoid(args), false);
    }

    private static Fn errnoFn(String name, MemoryLayout ret, MemoryLayout... args) {
        return new Fn(name, FunctionDescriptor.of(ret, args), true);
    }

    /**
     * One libbpf function. Its symbol is looked up at once (a missing one fails when this
     * class loads), its downcall handle is made on first use: making one costs a millisecond
     * or more at startup, and a run calls about half of these.
     */
    public static final class Fn {
        private final MemorySegment symbol;
        private final FunctionDescriptor descriptor;
        private final boolean errno;
        private volatile MethodHandle handle;

        Fn(String name, FunctionDescriptor descriptor, boolean errno) {
            this.symbol = Native.symbol(LIB, name);
            this.descriptor = descriptor;
            this.errno = errno;
        }

        /** The downcall handle; errno-capturing ones take {@link Native#callState()} first. */
        public MethodHandle h() {
            MethodHandle h = handle;
            if (h == null) {
                h = errno ? Native.downcallErrno(symbol, descriptor) : Native.downcall(symbol, descriptor);
                handle = h;
            }
            return h;
        }
    }

    /**
     * Echo libbpf's log (all levels, debug included) to stderr as it comes, for {@code -v}.
     * Off by default: the log, less its debug lines, is then only kept for
     * {@link BpfException#log()}.
     */
    public static void setVerbose(boolean on) {
        LibbpfLog.setVerbose(on);
    }

    /** libbpf's text for an error code: errno values and libbpf's own (e.g. 4003 "Invalid ELF"). */
    public static String strerror(int err) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int rc = (int) STRERROR.h().invokeExact(Math.abs(err), buf, 256L);
            return Native.string(buf, 256);
        } catch (Throwable t) {
            return "error " + err;
        }
    }

    /** A BpfException for {@code what} failing with {@code err} (either sign), carrying this thread's log. */
    static BpfException failure(String what, int err) {
        int errno = Math.abs(err);
        return new BpfException(what + ": " + strerror(errno), errno, LibbpfLog.text());
    }
}
