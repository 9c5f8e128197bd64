/* Types for the BTF reader's tests: every kind clang emits, bitfields, nested anonymous
 * members, function pointers, qualifiers, tags, and globals in .data, .rodata and .bss
 * (one hidden) for the DATASEC fix-up. No headers, so it builds for bpf and bpfeb alike.
 * Rebuild the committed objects with ./build.sh. */
#define SEC(name) __attribute__((section(name), used))
#define __decl_tag(x) __attribute__((btf_decl_tag(x)))
#define __type_tag(x) __attribute__((btf_type_tag(x)))

typedef int __kernel_pid_t;
typedef __kernel_pid_t pid_t;
typedef unsigned int u32;
typedef unsigned long long u64;

enum color { RED, GREEN = 5, BLUE = -1 };

struct inner {
    int a;
    char b;
};

struct fwd_only;
union fwd_union;

struct kinds {
    pid_t pid;
    unsigned char flag_a: 1, flag_b: 3;
    signed int sbits: 5;
    union {
        int i;
        float f;
    };
    struct {
        long x;
        long y;
    } pos;
    struct inner in;
    struct kinds *next;
    const char *name;
    char *const cp;
    volatile u32 v;
    int *restrict rp;
    int matrix[2][3];
    void (*cb)(int, const char *);
    int (*(*fpa)[4])(void);
    enum color col;
    double d;
    int __type_tag("user") *uptr;
    int tagged __decl_tag("field");
    struct fwd_only *fwd;
    union fwd_union *fu;
    long long ll;
    _Bool ok;
    u64 stamp;
};

struct packed_s {
    char c;
    int i;
} __attribute__((packed));

int counter = 1;
const volatile int param = 7;
struct kinds *keep_kinds;
struct packed_s keep_packed;
__attribute__((visibility("hidden"))) int hidden_var = 5;
static int static_var __attribute__((used)) = 3;

__attribute__((noinline)) int helper(int x) __decl_tag("fn")
{
    return x + counter + param + hidden_var;
}

SEC("tp/sched/sched_process_exit")
int on_exit(void *ctx)
{
    return helper((int)(long)ctx);
}

char LICENSE[] SEC("license") = "GPL";
