#!/bin/bash
# Cost of naming user stack frames: ecli-java's symbolizer (bench/SymbolizeBench.java, 100k
# addresses of a test program, cold and warm) beside bpftrace's ustack on the same program in
# the same run (its time from Ctrl-C to exit, when it names the stacks it kept, per frame
# printed). Target: ours not slower per frame than bpftrace's. Needs root, clang, bpftrace.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/jdk.sh"
work=$(mktemp -d)
trap 'kill "${spin:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/spin.c" <<'C'
#include <stdlib.h>
volatile unsigned long sink;
__attribute__((noinline)) void leaf(unsigned long n) { for (unsigned long i = 0; i < n; i++) sink += rand(); }
__attribute__((noinline)) void caller(void) { for (;;) leaf(1000); }
int main(void) { caller(); return 0; }
C
clang -O2 -fPIE -pie -fno-omit-frame-pointer -o "$work/spin" "$work/spin.c"
"$work/spin" & spin=$!
sleep 0.3
jar="$root/runner/target/ecli-java.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -o -pl runner -am package -DskipTests)
java -cp "$jar" "$root/bench/SymbolizeBench.java" "$spin" 100000
if command -v bpftrace >/dev/null; then
  bpftrace -e "profile:hz:999 /pid == $spin/ { @[ustack] = count(); }" > "$work/bt.out" 2>&1 &
  bt=$!
  sleep 5
  start=$(date +%s%N)
  kill -INT "$bt"; wait "$bt" || true
  took=$(( ($(date +%s%N) - start) / 1000 ))
  frames=$(grep -cE '^\s+\S' "$work/bt.out" || true)
  echo "bpftrace   $frames frames printed at exit in $((took / 1000)) ms: $(( took * 1000 / (frames > 0 ? frames : 1) )) ns/frame (includes its exit)"
else
  echo "bpftrace   not installed (apt-get install bpftrace): no comparison"
fi
echo "target     ecli-java's cold ns/address not above bpftrace's ns/frame"
