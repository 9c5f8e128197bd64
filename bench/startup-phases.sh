#!/usr/bin/env bash
# Where ecli-java's start-up time goes: runs `ecli-java run packages/exitsnoop --max-events 1`
# N times with ECLI_STARTUP_TRACE (runner/.../startup/StartupTrace.java) while a process
# exits every 5 ms (bench/peers/exitrate.c), and prints each phase's median time from the
# launcher's start, and the step from the phase before.
#
#   bench/startup-phases.sh [-r RUNS] [-l LAUNCHER] [-p PACKAGE]
#     defaults: 11 runs, ./ecli-java, packages/exitsnoop (for /usr/bin/ecli-java: -p exitsnoop)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
runs=11 launcher=$root/ecli-java pkg=$root/packages/exitsnoop
while getopts r:l:p:h opt; do
  case $opt in
    r) runs=$OPTARG ;; l) launcher=$OPTARG ;; p) pkg=$OPTARG ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "startup-phases.sh: needs root (loads BPF programs)" >&2; exit 1; }
mkdir -p bench/target
gcc -O2 -Wall -o bench/target/exitrate bench/peers/exitrate.c
"$launcher" --version >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
bench/target/exitrate 200 $((runs * 3 + 10)) phasemark >/dev/null &
load=$!
for _ in $(seq "$runs"); do
  ECLI_STARTUP_TRACE=$EPOCHREALTIME timeout 10 "$launcher" run "$pkg" --max-events 1 -o json 2>&1 >/dev/null \
    | sed -n 's/^ecli-java: startup +\([0-9.]*\) ms \(.*\) \[.*\]$/\1\t\2/p' >>"$log" || true
done
kill "$load" 2>/dev/null || true
echo "# $launcher run $pkg: median of $runs runs, ms from the launcher's start ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' '{ if (!($2 in seen)) seen[$2] = ++n; print seen[$2] "\t" $1 "\t" $2 }' "$log" | sort -t$'\t' -k1,1n -k2,2n |
  awk -F'\t' 'function out() { m = v[int((k + 1) / 2)]; printf "%8.1f ms  %+7.1f  %s\n", m, m - prev, name; prev = m }
    $1 != g { if (k) out(); g = $1; k = 0; name = $3 } { v[++k] = $2 } END { if (k) out() }'
