#!/usr/bin/env bash
# Compiles one package's *.bpf.c into *.bpf.o with clang, against a vmlinux.h made from the
# running kernel's BTF. Used for committed objects until `ecli-java build` covers it.
# Usage: scripts/build-bpf.sh DIR [extra clang flags]
set -euo pipefail
dir=$1; shift
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
if [ ! -s "$dir/vmlinux.h" ]; then
  bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$dir/vmlinux.h"
fi
for src in "$dir"/*.bpf.c; do
  # Paths in the object's BTF line info relative to the repository, not the builder's folder.
  clang -g -O2 -target bpf -D__TARGET_ARCH_"$arch" -ffile-prefix-map="$root"=. -I"$dir" "$@" -c "$src" -o "${src%.c}.o"
  llvm-strip -g "${src%.c}.o" 2>/dev/null || true
done
