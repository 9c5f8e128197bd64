#!/bin/sh
# Runs as the guest's init (scripts/guest-kernel-test.sh), on the host's tree mounted
# read-only: runs packages with the host's ecli-java on the guest's kernel and checks each
# decoded field against a process this script started. Writes "ok ..." / "not ok ..." lines
# (each with its time and budget) and the runners' output to the host's out/ folder (9p,
# writable), then powers off. guest_slow=1 on the command line (TCG) gives each case more time.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH HOME=/tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
# This script is $root/scripts/guest/cases.sh; $0 holds the path as given, spaces and all.
root=${0%/scripts/guest/cases.sh}
# The tmpfs mounts below may hide the checkout (a clone under /tmp): keep a handle on it first
# (/dev is the guest's own devtmpfs, writable) and put it back at its path if it is hidden.
mkdir -p /dev/ecli-src
mount --bind "$root" /dev/ecli-src
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
if [ ! -e "$root/ecli-java" ]; then
  mkdir -p "$root"
  mount --bind /dev/ecli-src "$root"
fi
mkdir -p /tmp/out
mount -t 9p -o trans=virtio,version=9p2000.L out /tmp/out
out=/tmp/out
results=$out/results
: > "$results"
n=0
# Seconds a runner may take to attach, and to stop after SIGINT: a 1-vCPU TCG guest on a busy
# host starts a JVM many times slower than the host does.
if grep -q 'guest_slow=1' /proc/cmdline; then attach_budget=120; else attach_budget=40; fi
stop_budget=30
uptime_s() { cut -d' ' -f1 /proc/uptime; }
say() { echo "guest: $*"; }
ok() { n=$((n + 1)); echo "ok $n - $1" >> "$results"; }
fail() { n=$((n + 1)); echo "not ok $n - $1: $2" >> "$results"; }
# check DESC FILE JQ-PREDICATE: ok when some JSON line of FILE satisfies it.
check() {
  if jq -e -s "map(select($3)) | length > 0" "$2" > /dev/null 2>&1; then
    ok "$1"
  else
    fail "$1" "no line of $(basename "$2") satisfies $3"
  fi
}
say "kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s; BTF: $(ls /sys/kernel/btf/vmlinux 2>&1)"
echo "# kernel $(uname -r)" >> "$results"

runner=
# start NAME PACKAGE [ARGS...]: starts ecli-java on PACKAGE with JSON output and waits until
# it has attached (or has exited).
start() {
  name=$1; shift
  t0=$(uptime_s)
  "$root/ecli-java" run "$@" -o json > "$out/$name.json" 2> "$out/$name.err" &
  runner=$!
  i=0
  while [ $i -lt $((attach_budget * 10)) ] && kill -0 "$runner" 2> /dev/null && ! grep -q attached "$out/$name.err"; do
    sleep 0.1; i=$((i + 1))
  done
  took=$(echo "$(uptime_s) $t0" | awk '{printf "%.1f", $1 - $2}')
  if ! grep -q attached "$out/$name.err"; then
    kill -KILL "$runner" 2> /dev/null
    fail "$name attaches" "not within $took s of $attach_budget s: $(tail -3 "$out/$name.err" | tr '\n' ' ')"
    return 1
  fi
  ok "$name attaches ($took s of $attach_budget s)"
}
# stop NAME: Ctrl-C for the runner; it must stop by itself with exit code 0.
# stop NAME: Ctrl-C for the runner; it must stop by itself with exit code 0 within stop_budget.
stop() {
  sleep 1
  kill -INT "$runner"
  i=0
  while [ $i -lt $((stop_budget * 10)) ] && kill -0 "$runner" 2> /dev/null; do
    sleep 0.1; i=$((i + 1))
  done
  if kill -0 "$runner" 2> /dev/null; then
    kill -KILL "$runner"
    wait "$runner"
    fail "$1 stops on SIGINT" "still running after $stop_budget s"
    return
  fi
  wait "$runner"
  code=$?
  if [ "$code" -eq 0 ]; then ok "$1 stops on SIGINT ($((i / 10)) s)"; else fail "$1 stops on SIGINT" "exit code $code"; fi
}

if start exitsnoop "$root/packages/exitsnoop"; then
  sh -c 'sleep 0.3; exit 7' & c7=$!
  sleep 30 & ck=$!
  wait $c7
  kill -KILL $ck; wait $ck
  stop exitsnoop
  check "exitsnoop: exit code 7, pid, parent, comm" "$out/exitsnoop.json" \
    ".pid == $c7 and .tid == $c7 and .ppid == $$ and .exit_code == 7 and .sig == 0 and .comm == \"sh\" and .core_dumped == false"
  check "exitsnoop: lifetime of a child that slept 0.3 s" "$out/exitsnoop.json" \
    ".pid == $c7 and .duration_ns >= 300000000 and .duration_ns < 30000000000"
  check "exitsnoop: SIGKILL" "$out/exitsnoop.json" ".pid == $ck and .sig == 9 and .exit_code == 0 and .comm == \"sleep\""
fi

if start execsnoop "$root/examples/execsnoop"; then
  /bin/echo guest-arg-4711 > /dev/null & ce=$!
  wait $ce
  stop execsnoop
  check "execsnoop: argv, pid, parent, uid, result" "$out/execsnoop.json" \
    ".pid == $ce and .ppid == $$ and .user_id == 0 and .retval == 0 and .argc == 2 and .argv[0] == \"/bin/echo\" and .argv[1] == \"guest-arg-4711\" and .comm == \"echo\""
fi

if start sigsnoop "$root/examples/sigsnoop"; then
  sleep 30 & ct=$!
  kill -USR1 $ct; wait $ct
  stop sigsnoop
  check "sigsnoop: sender, target, signal, result" "$out/sigsnoop.json" \
    ".pid == $$ and .tpid == $ct and .sig == 10 and .retval == 0"
fi

if start opensnoop "$root/examples/opensnoop"; then
  echo marker > /tmp/guest-open-marker
  cat /tmp/guest-open-marker > /dev/null & co=$!
  wait $co
  stop opensnoop
  check "opensnoop: path, pid, comm" "$out/opensnoop.json" \
    ".pid == $co and .comm == \"cat\" and .filename == \"/tmp/guest-open-marker\""
fi

# A map type this kernel lacks is named in one line, exit 4: cgroup storage came in Linux 6.2.
feature=$root/runner/src/test/bpf/features/cgrpstorage
if [ "$(printf '%s\n' "$(uname -r)" 6.2 | sort -V | head -1)" = 6.2 ]; then
  timeout -s KILL "$attach_budget" "$root/ecli-java" run "$feature" --duration 1 > /dev/null 2> "$out/cgrpstorage.err"
  code=$?
  if [ "$code" -eq 0 ]; then ok "cgrp_storage map loads on $(uname -r)"; else fail "cgrp_storage map loads" "exit $code"; fi
else
  timeout -s KILL "$attach_budget" "$root/ecli-java" run "$feature" > /dev/null 2> "$out/cgrpstorage.err"
  code=$?
  want="ecli-java: load cgrpstorage: create map seen: this kernel has no cgrp_storage maps (Linux 6.2 and later)"
  if [ "$code" -eq 4 ] && [ "$(cat "$out/cgrpstorage.err")" = "$want" ]; then
    ok "a map type the kernel lacks is named"
  else
    fail "a map type the kernel lacks is named" "exit $code: $(cat "$out/cgrpstorage.err")"
  fi
fi

say "done, up $(cut -d' ' -f1 /proc/uptime) s"
echo "# done" >> "$results"
sync
umount /tmp/out
echo o > /proc/sysrq-trigger
sleep 30
