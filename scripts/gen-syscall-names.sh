#!/bin/sh
# Writes the syscall number -> name table the runner's 'syscall' format reads, from this
# machine's kernel headers (Debian's linux-libc-dev): one "NUMBER NAME" line each.
# Usage: scripts/gen-syscall-names.sh [ARCH-TRIPLET] > runner/src/main/resources/dev/ecli/runner/format/syscalls-ARCH.txt
set -eu
triplet=${1:-x86_64-linux-gnu}
header=/usr/include/$triplet/asm/unistd_64.h
[ -r "$header" ] || { echo "gen-syscall-names: no $header (apt-get install linux-libc-dev)" >&2; exit 1; }
echo "# syscall numbers of $triplet, from $(dpkg-query -W -f '${Package} ${Version}' linux-libc-dev 2>/dev/null || echo "$header")"
sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$/\2 \1/p' "$header" | sort -n
