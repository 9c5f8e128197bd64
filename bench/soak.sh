#!/usr/bin/env bash
# Soak: exitsnoop -o json into a file for an hour under a steady 1,000 exits a second
# (bench/peers/exitrate.c), sampling the tracer's RSS, open fds and threads every minute.
# At the end: every exit produced must be in the file. Not part of the tests; run it alone
# on the machine (no builds, tests or other benchmarks beside it).
#
#   bench/soak.sh [-m MINUTES] [-r RATE] [-o DIR]   (defaults: 60 minutes, 1000/s, bench/target/soak)
#
# Prints one line per minute and a summary with the targets beside the figures. Needs root.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
minutes=60 rate=1000 dir=bench/target/soak
while getopts m:r:o:h opt; do
  case $opt in
    m) minutes=$OPTARG ;; r) rate=$OPTARG ;; o) dir=$OPTARG ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "soak.sh: needs root (loads BPF programs)" >&2; exit 1; }
mkdir -p "$dir" bench/target
gcc -O2 -Wall -o bench/target/exitrate bench/peers/exitrate.c
./ecli-java --version >/dev/null  # builds the jar when the sources are newer
out="$dir/events.json" err="$dir/stderr.txt"
rm -f "$out"

echo "# bench/soak.sh: $minutes min of exitsnoop -o json into a file, $rate exits/s; $(uname -r), $(nproc) CPUs, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
./ecli-java run packages/exitsnoop -o json >"$out" 2>"$err" &
tracer=$!
# Attached once a warm-up exit shows.
for _ in $(seq 30); do
  bench/target/exitrate 10 1 soakwarm >/dev/null
  grep -q soakwarm "$out" 2>/dev/null && break
done
grep -q soakwarm "$out" || { echo "soak.sh: the tracer showed no exit in 30 s" >&2; kill "$tracer"; exit 1; }

bench/target/exitrate "$rate" $((minutes * 60)) soakexit >"$dir/producer.txt" &
producer=$!
sample() {  # minute rss_kb fds threads cpu_s
  local rss fds thr cpu
  rss=$(awk '/^VmRSS:/{print $2}' /proc/$tracer/status)
  fds=$(ls /proc/$tracer/fd | wc -l)
  thr=$(awk '/^Threads:/{print $2}' /proc/$tracer/status)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' /proc/$tracer/stat)
  echo "$1 $rss $fds $thr $cpu"
}
printf '%-6s %9s %5s %7s %8s %10s\n' minute rss_mib fds threads cpu_s lines
samples=()
for m in $(seq 1 "$minutes"); do
  sleep 60
  kill -0 "$tracer" 2>/dev/null || { echo "soak.sh: the tracer exited at minute $m" >&2; cat "$err" >&2; exit 1; }
  s=$(sample "$m"); samples+=("$s")
  set -- $s
  printf '%-6s %9.1f %5s %7s %8s %10s\n' "$1" "$(echo "$2" | awk '{print $1/1024}')" "$3" "$4" "$5" "$(wc -l <"$out")"
done
wait "$producer"
produced=$(sed -n 's/.*produced=\([0-9]*\).*/\1/p' "$dir/producer.txt")
sleep 2
kill -INT "$tracer"; wait "$tracer" || true
captured=$(grep -c '"comm":"soakexit"' "$out" || true)

at() { local s; for s in "${samples[@]}"; do [ "${s%% *}" = "$1" ] && { echo "$s"; return; }; done; echo "${samples[-1]}"; }
first=$(at 5); last=$(at "$minutes")
set -- $first; m5=$1 r5=$2 f5=$3 t5=$4
set -- $last; mN=$1 rN=$2 fN=$3 tN=$4
fds=$(for s in "${samples[@]}"; do set -- $s; echo "$3"; done | sort -u | tr '\n' ' ')
thr=$(for s in "${samples[@]}"; do set -- $s; echo "$4"; done | sort -u | tr '\n' ' ')
echo "producer: $(cat "$dir/producer.txt")"
awk -v a="$r5" -v b="$rN" -v m5="$m5" -v mN="$mN" 'BEGIN {printf "RSS minute %s: %.1f MiB, minute %s: %.1f MiB, difference %.1f MiB (target: within 2)\n", m5, a/1024, mN, b/1024, (b-a)/1024}'
echo "open fds seen: $fds(target: one value); threads seen: $thr(target: one value)"
echo "captured=$captured produced=$produced (target: equal)"
echo "tracer's summary: $(tail -1 "$err")"
