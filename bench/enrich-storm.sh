#!/usr/bin/env bash
# Enrichment's cost: the same exit storm (bench/peers/storm.c) traced by exitsnoop -o json
# without and with --enrich (cgroup path, unit, runtime, container per event); prints what each
# captured, the tracer's CPU, its memory, and the CPU per event --enrich adds.
# Needs root, gcc and libbpf-dev. Usage: bench/enrich-storm.sh [N] (default 100000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
n=${1:-100000}
bin=bench/target
mkdir -p "$bin"
if [ ! -x "$bin/storm" ] || [ bench/peers/storm.c -nt "$bin/storm" ]; then
  gcc -O2 -Wall -Wno-format-truncation -o "$bin/storm" bench/peers/storm.c -lbpf -lelf -lz
fi
./ecli-java --version >/dev/null  # builds the jar when the sources are newer
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
for mode in plain enrich; do
  extra=()
  [ "$mode" = enrich ] && extra=(--enrich)
  out=$("$bin/storm" "$n" "$bin/storm-$mode.out" -- ./ecli-java run packages/exitsnoop -o json "${extra[@]}" 2>/dev/null)
  [ "$mode" = enrich ] && grep -m1 '"cgroup":"/' "$bin/storm-$mode.out" >/dev/null \
    || [ "$mode" = plain ] || { echo "enrich-storm: no enriched line in the output" >&2; exit 1; }
  printf '%-7s %s\n' "$mode" "$out"
  eval "cpu_$mode=$(echo "$out" | field cpu_s)"
  rm -f "$bin/storm-$mode.out"
done
awk -v a="$cpu_plain" -v b="$cpu_enrich" -v n="$n" \
  'BEGIN { printf "--enrich adds %.2f us of tracer CPU per event (%.2f s vs %.2f s over %d exits)\n", (b - a) * 1e6 / n, b, a, n }'
