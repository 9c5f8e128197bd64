#!/usr/bin/env bash
# Compares the direct mmap ring-buffer reader with libbpf's ring_buffer__poll callback API:
# N events of 64 bytes from a getppid() loop, decoded to JSON lines into /dev/null (and
# counted only). Needs root. Usage: bench/ring-readers.sh [N] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/jdk.sh"
n=${1:-2000000}
rounds=${2:-3}
cd "$root"
mvn -q -B -o -DskipTests test-compile -pl runner -am 2>/dev/null || mvn -q -B -DskipTests test-compile -pl runner -am
[ -x bench/ringbench/loadgen ] && [ bench/ringbench/loadgen -nt bench/ringbench/loadgen.c ] \
  || gcc -O2 -o bench/ringbench/loadgen bench/ringbench/loadgen.c
cp=$(mvn -q -B -o -pl runner dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null || true)
cp="runner/target/classes:runner/target/test-classes:btf/target/classes:$cp"
for i in $(seq "$rounds"); do
  for reader in mmap libbpf; do
    for sink in json count; do
      java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$cp" dev.ecli.bench.RingReaderBench \
        bench/ringbench/ringbench.bpf.o bench/ringbench/loadgen "$reader" "$sink" "$n"
    done
  done
done
