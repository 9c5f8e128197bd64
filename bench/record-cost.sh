#!/usr/bin/env bash
# Recording's cost per event beside decoding to JSON: the same producer (bench/ringbench's
# loadgen, N getppid() calls as fast as it can), the same runner, one run of each mode:
#   none        run bench/ringbench -o none: reading the ring only, the floor both share
#   json        run bench/ringbench -o json into a pipe (cat > /dev/null)
#   record      run bench/ringbench -o none --record FILE (tmpfs)
#   record-lz4  the same with --record-compress lz4
# Prints per mode: events the runner took, dropped by the kernel, the runner's CPU from attach to
# stop (/proc/PID/stat, 10 ms ticks) and CPU ns per event, and the recording's size.
# Usage: bench/record-cost.sh [N]   (default 4000000: fewer leave the JIT's warm-up in the figures). Needs root.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
n=${1:-4000000}
work=$(mktemp -d /dev/shm/record-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/loadgen" bench/ringbench/loadgen.c
./ecli-java --version >/dev/null 2>&1 || true   # builds the jar if stale, outside the figures
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

one() {
  local mode=$1 extra=()
  case $mode in
    none) extra=(-o none) ;;
    json) extra=(-o json) ;;
    record) extra=(-o none --record "$work/r.rec") ;;
    record-lz4) extra=(-o none --record "$work/r.rec" --record-compress lz4) ;;
  esac
  rm -f "$work"/r.rec* "$work/fifo" "$work/err"
  mkfifo "$work/fifo"
  cat "$work/fifo" >/dev/null &
  local cat_pid=$!
  # The producer waits 6 s, so that the runner has attached (checked below) before it starts.
  "$work/loadgen" "$n" 6000 &
  local gen=$!
  ./ecli-java run bench/ringbench "${extra[@]}" --target-tgid "$gen" >"$work/fifo" 2>"$work/err" &
  local run=$!
  for _ in $(seq 120); do grep -q attached "$work/err" && break; sleep 0.05; done
  grep -q attached "$work/err" || { echo "$mode: not attached in 6 s" >&2; cat "$work/err" >&2; exit 1; }
  local c0; c0=$(cpu_ticks "$run")
  wait "$gen"
  sleep 1
  local c1; c1=$(cpu_ticks "$run")
  kill -INT "$run"; wait "$run" || true; wait "$cat_pid" || true
  local summary events dropped size
  summary=$(grep -E '^ecli-java: [0-9]+ events' "$work/err" | tail -1)
  events=$(echo "$summary" | sed -E 's/^ecli-java: ([0-9]+) events.*/\1/')
  dropped=$(echo "$summary" | sed -nE 's/.*, ([0-9]+) dropped by the kernel.*/\1/p'); dropped=${dropped:-0}
  if [ "${mode#record}" != "$mode" ]; then
    events=$(sed -nE 's/^ecli-java: recorded ([0-9]+) records.*/\1/p' "$work/err")
    size=$(du -cb "$work"/r.rec* | tail -1 | cut -f1)
  else
    size=-
  fi
  awk -v m="$mode" -v e="$events" -v d="$dropped" -v c=$((c1 - c0)) -v t="$ticks" -v s="$size" 'BEGIN {
    cpu = c / t; printf "%-11s events=%d dropped=%d cpu_s=%.2f cpu_ns_per_event=%.0f bytes=%s\n",
      m, e, d, cpu, (e > 0 ? cpu * 1e9 / e : 0), s }'
}

echo "## recording vs JSON: $n events from bench/ringbench at full speed"
for m in none json record record-lz4; do one "$m"; done
