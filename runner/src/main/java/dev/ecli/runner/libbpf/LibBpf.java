package dev.ecli.runner.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * Every libbpf downcall, with its C signature; only APIs present in libbpf 1.1.2. In 1.x, int
 * functions return a negative errno and pointer functions return NULL with errno set (strict
 * mode is always on), so pointer functions capture errno: read {@link Native#errno()} after a
 * NULL. Loading this class installs the print callback ({@link LibbpfLog}).
 */
public final class LibBpf {
    private static final SymbolLookup LIB = load();

    // struct bpf_object *bpf_object__open_file(const char *path, const struct bpf_object_open_opts *opts);
    static final Fn OBJECT_OPEN_FILE = errnoFn("bpf_object__open_file");
    // struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz, const struct bpf_object_open_opts *opts);
    static final Fn OBJECT_OPEN_MEM = errnoFn("bpf_object__open_mem");
    // int bpf_object__load(struct bpf_object *obj);
    static final Fn OBJECT_LOAD = fn("bpf_object__load");
    // void bpf_object__close(struct bpf_object *obj);
    static final Fn OBJECT_CLOSE = fn("bpf_object__close");
    // const char *bpf_object__name(const struct bpf_object *obj);
    static final Fn OBJECT_NAME = fn("bpf_object__name");
    // struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
    static final Fn OBJECT_NEXT_PROGRAM = fn("bpf_object__next_program");
    // struct bpf_map *bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *map);
    static final Fn OBJECT_NEXT_MAP = fn("bpf_object__next_map");

    // const char *bpf_program__name(const struct bpf_program *prog);
    static final Fn PROGRAM_NAME = fn("bpf_program__name");
    // const char *bpf_program__section_name(const struct bpf_program *prog);
    static final Fn PROGRAM_SECTION_NAME = fn("bpf_program__section_name");
    // enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);
    static final Fn PROGRAM_TYPE = fn("bpf_program__type");
    // bool bpf_program__autoload(const struct bpf_program *prog);
    static final Fn PROGRAM_AUTOLOAD = fn("bpf_program__autoload");
    // int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);
    static final Fn PROGRAM_SET_AUTOLOAD = fn("bpf_program__set_autoload");
    // struct bpf_link *bpf_program__attach(const struct bpf_program *prog);
    static final Fn PROGRAM_ATTACH = errnoFn("bpf_program__attach");
    // int bpf_program__fd(const struct bpf_program *prog);
    static final Fn PROGRAM_FD = fn("bpf_program__fd");

    // struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog, pid_t,
    //         const char *binary_path, size_t func_offset, const struct bpf_uprobe_opts *opts);
    static final Fn PROGRAM_ATTACH_UPROBE_OPTS = errnoFn("bpf_program__attach_uprobe_opts");
    // struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog, pid_t, const char *binary_path,
    //         const char *usdt_provider, const char *usdt_name, const struct bpf_usdt_opts *opts);
    static final Fn PROGRAM_ATTACH_USDT = errnoFn("bpf_program__attach_usdt");
    // struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);
    static final Fn PROGRAM_ATTACH_XDP = errnoFn("bpf_program__attach_xdp");
    // struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
    static final Fn PROGRAM_ATTACH_PERF_EVENT = errnoFn("bpf_program__attach_perf_event");
    // int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);
    static final Fn OBJ_GET_INFO_BY_FD = fn("bpf_obj_get_info_by_fd");
    // int bpf_link__fd(const struct bpf_link *link);
    static final Fn LINK_FD = fn("bpf_link__fd");
    // int bpf_iter_create(int link_fd);
    static final Fn ITER_CREATE = fn("bpf_iter_create");

    // int bpf_tc_hook_create(struct bpf_tc_hook *hook);
    static final Fn TC_HOOK_CREATE = fn("bpf_tc_hook_create");
    // int bpf_tc_hook_destroy(struct bpf_tc_hook *hook);
    static final Fn TC_HOOK_DESTROY = fn("bpf_tc_hook_destroy");
    // int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);
    static final Fn TC_ATTACH = fn("bpf_tc_attach");
    // int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);
    static final Fn TC_DETACH = fn("bpf_tc_detach");

    // int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
    //         const struct bpf_insn *insns, size_t insn_cnt, const struct bpf_prog_load_opts *opts);
    static final Fn PROG_LOAD = errnoFn("bpf_prog_load");

    // int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);
    static final Fn PROBE_MAP_TYPE = fn("libbpf_probe_bpf_map_type");
    // int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type, enum bpf_func_id helper_id, const void *opts);
    static final Fn PROBE_HELPER = fn("libbpf_probe_bpf_helper");
    // const char *libbpf_bpf_map_type_str(enum bpf_map_type t);
    static final Fn MAP_TYPE_STR = fn("libbpf_bpf_map_type_str");
    // const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);
    static final Fn PROG_TYPE_STR = fn("libbpf_bpf_prog_type_str");

    // int bpf_link__destroy(struct bpf_link *link);
    static final Fn LINK_DESTROY = fn("bpf_link__destroy");

    // const char *bpf_map__name(const struct bpf_map *map);
    static final Fn MAP_NAME = fn("bpf_map__name");
    // enum bpf_map_type bpf_map__type(const struct bpf_map *map);
    static final Fn MAP_TYPE = fn("bpf_map__type");
    // int bpf_map__fd(const struct bpf_map *map);
    static final Fn MAP_FD = fn("bpf_map__fd");
    // __u32 bpf_map__key_size(const struct bpf_map *map);
    static final Fn MAP_KEY_SIZE = fn("bpf_map__key_size");
    // __u32 bpf_map__value_size(const struct bpf_map *map);
    static final Fn MAP_VALUE_SIZE = fn("bpf_map__value_size");
    // __u32 bpf_map__max_entries(const struct bpf_map *map);
    static final Fn MAP_MAX_ENTRIES = fn("bpf_map__max_entries");
    // int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);
    static final Fn MAP_SET_MAX_ENTRIES = fn("bpf_map__set_max_entries");
    // int bpf_map__set_value_size(struct bpf_map *map, __u32 size);
    static final Fn MAP_SET_VALUE_SIZE = fn("bpf_map__set_value_size");
    // const void *bpf_map__initial_value(struct bpf_map *map, size_t *psize);
    static final Fn MAP_INITIAL_VALUE = fn("bpf_map__initial_value");
    // int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size);
    static final Fn MAP_SET_INITIAL_VALUE = fn("bpf_map__set_initial_value");

    // int bpf_map_lookup_elem(int fd, const void *key, void *value);
    static final Fn MAP_LOOKUP_ELEM = errnoFn("bpf_map_lookup_elem");
    // int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
    static final Fn MAP_UPDATE_ELEM = errnoFn("bpf_map_update_elem");
    // int bpf_map_get_next_key(int fd, const void *key, void *next_key);
    static final Fn MAP_GET_NEXT_KEY = errnoFn("bpf_map_get_next_key");
    // int bpf_map_delete_elem(int fd, const void *key);
    static final Fn MAP_DELETE_ELEM = errnoFn("bpf_map_delete_elem");
    // int libbpf_num_possible_cpus(void);
    static final Fn NUM_POSSIBLE_CPUS = fn("libbpf_num_possible_cpus");

    // typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);
    /** The upcall shape of {@code ring_buffer_sample_fn}. */
    public static final FunctionDescriptor RING_BUFFER_SAMPLE_FN = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    // struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx, const struct ring_buffer_opts *opts);
    /** Errno-capturing: read {@link Native#errno()} after a NULL. */
    public static final Fn RING_BUFFER_NEW = errnoFn("ring_buffer__new");
    // int ring_buffer__poll(struct ring_buffer *ring, int timeout_ms);
    public static final Fn RING_BUFFER_POLL = fn("ring_buffer__poll");
    // int ring_buffer__epoll_fd(const struct ring_buffer *ring);
    public static final Fn RING_BUFFER_EPOLL_FD = fn("ring_buffer__epoll_fd");
    // void ring_buffer__free(struct ring_buffer *ring);
    public static final Fn RING_BUFFER_FREE = fn("ring_buffer__free");

    // typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
    /** The upcall shape of {@code perf_buffer_sample_fn}. */
    public static final FunctionDescriptor PERF_BUFFER_SAMPLE_FN =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    // typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);
    /** The upcall shape of {@code perf_buffer_lost_fn}. */
    public static final FunctionDescriptor PERF_BUFFER_LOST_FN = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_LONG);
    // struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt, perf_buffer_sample_fn sample_cb,
    //         perf_buffer_lost_fn lost_cb, void *ctx, const struct perf_buffer_opts *opts);
    /** Errno-capturing: read {@link Native#errno()} after a NULL. */
    public static final Fn PERF_BUFFER_NEW = errnoFn("perf_buffer__new");
    // int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);
    public static final Fn PERF_BUFFER_POLL = fn("perf_buffer__poll");
    // int perf_buffer__consume(struct perf_buffer *pb);
    public static final Fn PERF_BUFFER_CONSUME = fn("perf_buffer__consume");
    // int perf_buffer__epoll_fd(const struct perf_buffer *pb);
    public static final Fn PERF_BUFFER_EPOLL_FD = fn("perf_buffer__epoll_fd");
    // void perf_buffer__free(struct perf_buffer *pb);
    public static final Fn PERF_BUFFER_FREE = fn("perf_buffer__free");

    // typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);
    // libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);
    private static final Fn SET_PRINT = fn("libbpf_set_print");
    // int libbpf_strerror(int err, char *buf, size_t size);
    private static final Fn STRERROR = fn("libbpf_strerror");

    static {
        LibbpfLog.install(SET_PRINT);
    }

    private LibBpf() {}

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError("libbpf.so.1 not found: install libbpf 1.x (Debian: apt-get install libbpf1)");
        }
    }

    private static Fn fn(String name) {
        return new Fn(name, false);
    }

    private static Fn errnoFn(String name) {
        return new Fn(name, true);
    }

    /**
     * One libbpf function, called through {@link Native}'s generic downcall (no handle of its
     * own: see Native for why and why it is sound). Its symbol is looked up at once (a missing
     * one fails when this class loads). Arguments are ints, sign-extended, or pointers from
     * {@link Native#ptr}; the caller narrows the result ({@code (int) r}, {@link Native#pointer}).
     * An errno-capturing one leaves errno for {@link Native#errno()}.
     */
    public static final class Fn {
        private final MemorySegment symbol;
        private final boolean errno;

        Fn(String name, boolean errno) {
            this.symbol = Native.symbol(LIB, name);
            this.errno = errno;
        }

        /** The function's address. */
        public MemorySegment symbol() {
            return symbol;
        }

        /** Calls it with no arguments. */
        public long call() {
            return call(0L, 0L, 0L, 0L, 0L, 0L);
        }

        /** Calls it with one argument. */
        public long call(long a0) {
            return call(a0, 0L, 0L, 0L, 0L, 0L);
        }

        /** Calls it with two arguments. */
        public long call(long a0, long a1) {
            return call(a0, a1, 0L, 0L, 0L, 0L);
        }

        /** Calls it with three arguments. */
        public long call(long a0, long a1, long a2) {
            return call(a0, a1, a2, 0L, 0L, 0L);
        }

        /** Calls it with four arguments. */
        public long call(long a0, long a1, long a2, long a3) {
            return call(a0, a1, a2, a3, 0L, 0L);
        }

        /** Calls it with five arguments. */
        public long call(long a0, long a1, long a2, long a3, long a4) {
            return call(a0, a1, a2, a3, a4, 0L);
        }

        /** Calls it with six arguments. */
        public long call(long a0, long a1, long a2, long a3, long a4, long a5) {
            return errno ? Native.callErrno(symbol, a0, a1, a2, a3, a4, a5)
                    : Native.call(symbol, a0, a1, a2, a3, a4, a5);
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
            STRERROR.call(Math.abs(err), Native.ptr(buf), 256L);
            return Native.string(buf, 256);
        } catch (RuntimeException e) {
            return "error " + err;
        }
    }

    /** A BpfException for {@code what} failing with {@code err} (either sign), carrying this thread's log. */
    static BpfException failure(String what, int err) {
        int errno = Math.abs(err);
        return new BpfException(what + ": " + strerror(errno), errno, LibbpfLog.text());
    }
}
