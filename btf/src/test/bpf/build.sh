#!/bin/sh
# Rebuilds the committed BTF fixtures from kinds.bpf.c, one per byte order.
set -eu
cd "$(dirname "$0")"
out=../resources/dev/ecli/btf
clang -g -O2 -target bpf -c kinds.bpf.c -o "$out/kinds-el.bpf.o"
clang -g -O2 -target bpfeb -c kinds.bpf.c -o "$out/kinds-eb.bpf.o"
