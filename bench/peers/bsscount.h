/* Reads a u64 global of a loaded BPF object's .bss through the kernel (map found by name
 * suffix, variable offset from the map's BTF), independent of the program's consumer. */
#ifndef BSSCOUNT_H
#define BSSCOUNT_H
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* fd of the newest loaded map whose name ends with suffix (e.g. "ringbenc.bss"), or -1. */
static int bss_find_map(const char *name, struct bpf_map_info *out)
{
    __u32 id = 0;
    int found = -1;
    while (bpf_map_get_next_id(id, &id) == 0) {
        int fd = bpf_map_get_fd_by_id(id);
        if (fd < 0)
            continue;
        struct bpf_map_info info = {0};
        __u32 len = sizeof(info);
        if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && strcmp(info.name, name) == 0) {
            if (found >= 0)
                close(found);
            found = fd;
            *out = info;
            continue;
        }
        close(fd);
    }
    return found;
}

/* Value of u64 variable var in map name's .bss, or -1 when not found. */
static long long bss_read_u64(const char *name, const char *var)
{
    struct bpf_map_info info;
    int fd = bss_find_map(name, &info);
    if (fd < 0)
        return -1;
    long long result = -1;
    struct btf *btf = btf__load_from_kernel_by_id(info.btf_id);
    char *value = calloc(1, info.value_size);
    __u32 key = 0;
    if (btf && value && bpf_map_lookup_elem(fd, &key, value) == 0) {
        const struct btf_type *ds = btf__type_by_id(btf, info.btf_value_type_id);
        if (ds && btf_is_datasec(ds)) {
            const struct btf_var_secinfo *v = btf_var_secinfos(ds);
            for (int i = 0; i < btf_vlen(ds); i++, v++) {
                const struct btf_type *t = btf__type_by_id(btf, v->type);
                if (strcmp(btf__name_by_offset(btf, t->name_off), var) == 0 && v->size == 8) {
                    memcpy(&result, value + v->offset, 8);
                    break;
                }
            }
        }
    }
    free(value);
    btf__free(btf);
    close(fd);
    return result;
}
#endif
