#!/usr/bin/env bash
# ecli-java beside its peers on this machine, in one run: libbpf-tools' exitsnoop (C),
# bpftrace, and a C libbpf consumer printing the same JSON (bench/peers/ringjson.c).
# Prints every figure and the ratios the performance targets are stated in.
#
#   bench/compare.sh [-r RUNS] [-n STORM_N] [-e EVENTS] [-l PROBES] [-s SECTIONS]
#     -r  time-to-first-event runs per tool and output (median; default 7)
#     -n  exit storm size (default 100000)
#     -e  events of the decode-throughput run (default 3000000)
#     -l  exits timed one by one in the latency section (median; default 25)
#     -s  which sections, comma-separated: ttfe,commands,latency,storm,decode,rss,btf (default: all)
#
# With the Debian package installed (scripts/package.sh; dpkg -i dist/ecli-java_*.deb), its
# /usr/bin/ecli-java is measured beside ./ecli-java in ttfe and commands.
#
# Needs root. Installs what it lacks from Debian (libbpf-tools, bpftrace, gcc, libbpf-dev),
# builds the C harnesses of bench/peers into bench/target/, and runs ./scripts/setup.sh
# when ecli-java's jar or its AOT cache is missing or stale. Figures vary with load: on a
# 2-core machine run it with nothing else busy.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
runs=7 storm_n=100000 events=3000000 probes=25 sections=ttfe,commands,latency,storm,decode,rss,btf
while getopts r:n:e:l:s:h opt; do
  case $opt in
    r) runs=$OPTARG ;; n) storm_n=$OPTARG ;; e) events=$OPTARG ;; l) probes=$OPTARG ;; s) sections=$OPTARG ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
want() { [[ ",$sections," == *",$1,"* ]]; }
[ "$(id -u)" -eq 0 ] || { echo "compare.sh: needs root (loads BPF programs)" >&2; exit 1; }

need=()
for pkg in libbpf-tools bpftrace gcc libbpf-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing  # for bpftrace

bin=bench/target
mkdir -p "$bin"
for p in ttfe storm pipebench ringjson; do
  if [ ! -x "$bin/$p" ] || [ "bench/peers/$p.c" -nt "$bin/$p" ] || [ bench/peers/bsscount.h -nt "$bin/$p" ] || [ bench/peers/procstat.h -nt "$bin/$p" ]; then
    gcc -O2 -Wall -Wno-format-truncation -o "$bin/$p" "bench/peers/$p.c" -lbpf -lelf -lz
  fi
done
jar=runner/target/ecli-java.jar aot=runner/target/ecli-java.aot
./ecli-java --version >/dev/null  # builds the jar when the sources are newer
if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ]; then
  ./scripts/setup.sh
fi

ecli=("$root/ecli-java" run "$root/packages/exitsnoop")
# The installed form, when there is one: its own runtime, AOT cache and shipped exitsnoop.
deb=()
if [ -x /usr/bin/ecli-java ] && dpkg-query -W -f='${Status}' ecli-java 2>/dev/null | grep -q "ok installed"; then
  deb=(/usr/bin/ecli-java run exitsnoop)
fi
tools=(/usr/sbin/exitsnoop)
# bpftrace printing what packages/exitsnoop prints, from the same sources (curtask, no args->):
# pid, ppid, exit code, lifetime, comm, tid, signal, core dumped; one line per process exit.
bt=(bpftrace -e 'tracepoint:sched:sched_process_exit /pid == tid/ { $t = curtask;
  printf("%-7d %-7d %-9u %-12lu %-16s %-7d %-4d %d\n", pid, $t->real_parent->tgid, ($t->exit_code >> 8) & 0xff,
         nsecs - $t->start_time, comm, tid, $t->exit_code & 0x7f, ($t->exit_code & 0x80) != 0); }')

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "nan"}'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }   # KEY from "k=v k=v" lines
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}'; }

echo "# bench/compare.sh on $(uname -r), $(nproc) CPUs, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -version 2>&1 | head -1)"

# One tool's command by name; "pipe" gives libbpf-tools line buffering, as its stdio buffers
# a pipe in 4 KiB blocks and would show nothing for minutes (bpftrace and ecli-java flush per event).
tool_cmd() {
  case $1 in
    ecli-java) cmd=("${ecli[@]}") ;; ecli-java-json) cmd=("${ecli[@]}" -o json) ;; ecli-java-deb) cmd=("${deb[@]}") ;;
    libbpf-tools) if [ "$2" = pipe ]; then cmd=(stdbuf -oL "${tools[@]}"); else cmd=("${tools[@]}"); fi ;;
    bpftrace) cmd=("${bt[@]}") ;;
  esac
}

if want ttfe; then
  echo "## 1. time to first event: launch -> first marker exit shown, on a pseudo-terminal and into a pipe (median of $runs; CPU = tracer's user+sys by then)"
  declare -A wall cpu
  names=(ecli-java libbpf-tools bpftrace)
  [ ${#deb[@]} -gt 0 ] && names+=(ecli-java-deb)
  for name in "${names[@]}"; do for mode in pty pipe; do wall[$name.$mode]=""; cpu[$name.$mode]=""; done; done
  for _ in $(seq "$runs"); do   # interleaved, so load changes hit every tool and mode alike
    for mode in pty pipe; do
      for name in "${names[@]}"; do
        tool_cmd "$name" "$mode"
        flag=(); [ "$mode" = pipe ] && flag=(-p)
        out=$("$bin/ttfe" "${flag[@]}" ttfemark 20000 30000 -- "${cmd[@]}" 2>/dev/null || true)
        wall[$name.$mode]+=" $(echo "$out" | field ttfe_ms)"
        cpu[$name.$mode]+=" $(echo "$out" | field cpu_ms)"
      done
    done
  done
  for mode in pty pipe; do
    for name in "${names[@]}"; do
      w=$(echo "${wall[$name.$mode]}" | tr ' ' '\n' | median); c=$(echo "${cpu[$name.$mode]}" | tr ' ' '\n' | median)
      eval "ttfe_${mode}_${name//-/_}=$w"
      printf '%-4s %-13s wall %8s ms   cpu %6s ms   runs:%s\n' "$mode" "$name" "$w" "$c" "${wall[$name.$mode]}"
    done
  done
  echo "ratio ecli-java / libbpf-tools: pty $(ratio "$ttfe_pty_ecli_java" "$ttfe_pty_libbpf_tools"), pipe $(ratio "$ttfe_pipe_ecli_java" "$ttfe_pipe_libbpf_tools") (target <= 1.5)"
  echo "ratio ecli-java / bpftrace:     pty $(ratio "$ttfe_pty_ecli_java" "$ttfe_pty_bpftrace"), pipe $(ratio "$ttfe_pipe_ecli_java" "$ttfe_pipe_bpftrace") (target < 1)"
  if [ ${#deb[@]} -gt 0 ]; then
    echo "ratio /usr/bin/ecli-java / bpftrace: pty $(ratio "$ttfe_pty_ecli_java_deb" "$ttfe_pty_bpftrace"), pipe $(ratio "$ttfe_pipe_ecli_java_deb" "$ttfe_pipe_bpftrace") (target < 1)"
  fi
fi

if want commands; then
  echo "## 1a. short commands: wall time of the whole process, median of 11 (ms; target < 60)"
  launchers=("$root/ecli-java"); pkgs=("$root/packages/exitsnoop")
  [ ${#deb[@]} -gt 0 ] && { launchers+=(/usr/bin/ecli-java); pkgs+=(exitsnoop); }
  for i in "${!launchers[@]}"; do
    l=${launchers[$i]}
    for what in version help; do
      if [ "$what" = version ]; then argv=(--version); else argv=(run "${pkgs[$i]}" --help); fi
      ts=""
      for _ in $(seq 11); do
        t0=$EPOCHREALTIME; "$l" "${argv[@]}" >/dev/null 2>&1; t1=$EPOCHREALTIME
        ts+=" $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) * 1000}')"
      done
      m=$(echo "$ts" | tr ' ' '\n' | grep . | median)
      printf '%-22s %-30s median %6s ms (target < 60)  runs:%s\n' "$l" "${argv[*]}" "$m" "$ts"
    done
  done
fi

if want latency; then
  echo "## 1b. latency into a pipe: $probes exits one at a time, 50 ms apart, each timed from just before its fork until its line is read (ms)"
  for name in ecli-java ecli-java-json libbpf-tools bpftrace; do
    tool_cmd "$name" pipe
    out=$("$bin/ttfe" -p -l "$probes" -g 50 ttfemark 20000 30000 -- "${cmd[@]}" 2>/dev/null || true)
    printf '%-15s median %6s   p90 %6s   max %6s   seen %s, lost %s\n' "$name" "$(echo "$out" | field lat_median_ms)" \
      "$(echo "$out" | field lat_p90_ms)" "$(echo "$out" | field lat_max_ms)" "$(echo "$out" | field lat_n)" "$(echo "$out" | field lat_lost)"
    [ "$name" = ecli-java ] && lat_ecli=$(echo "$out" | field lat_median_ms)
  done
  echo "ecli-java exit -> line in a pipe: median ${lat_ecli:-nan} ms (target <= 5)"
fi

if want storm || want rss; then
  echo "## 2. exit storm: $storm_n fork+exit; captured, tracer CPU from first fork until output settled, memory"
  for name in ecli-java libbpf-tools bpftrace; do
    case $name in
      ecli-java) cmd=("${ecli[@]}" -o json) ;; libbpf-tools) cmd=(stdbuf -oL "${tools[@]}") ;; bpftrace) cmd=("${bt[@]}") ;;
    esac
    out=$(STORM_SMAPS="$bin/storm-$name.smaps" "$bin/storm" "$storm_n" "$bin/storm-$name.out" -- "${cmd[@]}" 2>/dev/null || true)
    printf '%-13s %s\n' "$name" "$out"
    eval "storm_${name//-/_}='$out'"
    rm -f "$bin/storm-$name.out"
  done
  echo "captured: ecli-java $(echo "$storm_ecli_java" | field fraction), libbpf-tools $(echo "$storm_libbpf_tools" | field fraction), bpftrace $(echo "$storm_bpftrace" | field fraction) (target: ecli-java = 1.0000, as C)"
  echo "storm CPU ecli-java / libbpf-tools: $(ratio "$(echo "$storm_ecli_java" | field cpu_s)" "$(echo "$storm_libbpf_tools" | field cpu_s)")"
  echo "RSS of ecli-java tracing exitsnoop after the storm: $(echo "$storm_ecli_java" | field rss_mb) MiB, peak $(echo "$storm_ecli_java" | field hwm_mb) MiB (target <= 48, peak <= 60)"
  [ -f "$bin/storm-ecli-java.smaps" ] && echo "  its /proc/PID/smaps_rollup then: $(grep -E '^(Rss|Anonymous|Pss_File|Private_Dirty):' "$bin/storm-ecli-java.smaps" | tr -s ' ' | tr '\n' ' ')"
fi

if want decode; then
  echo "## 3. decode throughput: $events 64-byte events at full speed (bench/ringbench), JSON lines into a pipe"
  c=$("$bin/pipebench" "$events" 0 -- "$bin/ringjson" bench/ringbench/ringbench.bpf.o {} 2>/dev/null | tail -1)
  j=$("$bin/pipebench" "$events" 0 -- "$root/ecli-java" run bench/ringbench -o json --target-tgid {} 2>/dev/null | tail -1)
  printf '%-13s %s\n' "C printf" "$c" "ecli-java" "$j"
  echo "events/s ecli-java / C: $(ratio "$(echo "$j" | field events_per_s)" "$(echo "$c" | field events_per_s)") (target >= 1.0); dropped: ecli-java $(echo "$j" | field dropped), C $(echo "$c" | field dropped) (target 0)"
fi

if want btf; then
  echo "## 4. vmlinux BTF parse, cold and warm (bench/btf-parse.sh)"
  bench/btf-parse.sh /sys/kernel/btf/vmlinux 5 2>&1 | grep -E "median|warm|parse" | grep -v "^==" || true
fi
