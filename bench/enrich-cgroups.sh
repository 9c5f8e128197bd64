#!/usr/bin/env bash
# --enrich on a host with many cgroups: makes N empty cgroups (default 15,000) under the cgroup v2
# mount, starts exitsnoop --enrich -o json, then makes one more cgroup and runs a steady stream of
# exits (RATE a second for SECONDS), every other one in that late cgroup and the rest each in
# another of the N; prints how long the cgroups took to make, how many
# exits were written (target: all), how soon the late cgroup was named, the lag from the last
# exit to its line, and how long the first SIGTERM took to end the run with its summary.
# Removes every cgroup it made, however it ends. Needs root.
# Usage: bench/enrich-cgroups.sh [N] [RATE] [SECONDS]   (defaults 15000 100 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
n=${1:-15000}
rate=${2:-100}
secs=${3:-10}
cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$cg" ] || { echo "enrich-cgroups: no cgroup2 mount" >&2; exit 1; }
work=$(mktemp -d)
parent="$cg/ecli-bench-$$"
runner=
cleanup() {
  [ -n "$runner" ] && kill -KILL "$runner" 2>/dev/null || true
  if [ -d "$parent" ]; then
    find "$parent" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "$parent" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }

./ecli-java --version >/dev/null  # builds the jar when the sources are newer
t0=$(now)
mkdir "$parent"
(cd "$parent" && seq 1 "$n" | sed 's/^/c/; s/$/.scope/' | xargs mkdir)
t1=$(now)
echo "cgroups: $n made in $(ms "$t0" "$t1") ms"

./ecli-java run packages/exitsnoop --enrich -o json --fields pid,exit_code,cgroup,unit >"$work/out" 2>"$work/err" &
runner=$!
for _ in $(seq 1 600); do grep -q attached "$work/err" && break; sleep 0.1; done
grep -q attached "$work/err" || { cat "$work/err" >&2; exit 1; }
late="$parent/late.service"
mkdir "$late"
late_path="/${late#"$cg"/}"

# The stream: one exit every 1/RATE s, each child in the late cgroup, its pid and time noted.
t_start=$(now)
total=$((rate * secs))
gap=$(awk -v r="$rate" 'BEGIN { printf "%.4f", 1 / r }')
for i in $(seq 1 "$total"); do
  into=$late
  [ $((i % 2)) = 1 ] && into="$parent/c$(( (i * 7919) % n + 1 )).scope"
  sh -c "echo \$\$ > '$into/cgroup.procs' && echo \$\$ >> '$work/pids' && exit 3" &
  sleep "$gap"
done
wait_children() { for p in $(jobs -p); do [ "$p" = "$runner" ] || wait "$p" 2>/dev/null || true; done; }
wait_children
t_last=$(now)
last=$(tail -1 "$work/pids")
for _ in $(seq 1 6000); do grep -q "^{\"pid\":$last," "$work/out" && break; sleep 0.01; done
t_seen=$(now)
# The runner's CPU and memory over the whole run (the JVM is the launcher's exec'd child or itself).
jvm=$(pgrep -P "$runner" java || echo "$runner")
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$jvm/stat")
rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$jvm/status")
t_term=$(now)
kill -TERM "$runner"
rc=0
wait "$runner" || rc=$?
runner=
t_end=$(now)

written=$(grep -c -F -f <(sed 's/^/{"pid":/; s/$/,/' "$work/pids") "$work/out" || true)
named=$(grep -F -f <(sed 's/^/{"pid":/; s/$/,/' "$work/pids") "$work/out" | grep -c -F "\"cgroup\":\"/${parent#"$cg"/}/" || true)
# The first exit (in the order they ran) whose line names the late cgroup.
first_named=$(awk -v late="\"cgroup\":\"$late_path\"" 'NR == FNR { order[$1] = FNR; next }
  index($0, late) { split($0, f, /[:,]/); k = order[f[2]]; if (k && (!min || k < min)) min = k }
  END { print min ? min : "none" }' "$work/pids" "$work/out")
echo "stream: $total exits at $rate/s in $(ms "$t_start" "$t_last") ms, half from a cgroup made after the start"
echo "written: $written of $total (target: all); naming their cgroup: $named (target: all)"
echo "first named: exit #$first_named of the stream (any before it read \"\": the index had not found the cgroup yet)"
echo "lag: last exit to its line $(ms "$t_last" "$t_seen") ms; runner CPU ${cpu} s over the run, RSS ${rss} MiB"
echo "stop: first SIGTERM to exit $(ms "$t_term" "$t_end") ms, rc $rc; $(tail -1 "$work/err")"
