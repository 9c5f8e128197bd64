#!/usr/bin/env bash
# Ends scripts/guest-kernel-test.sh by SIGTERM, SIGINT and SIGKILL, and test.sh's process group
# by SIGTERM, each while its QEMU guest runs, and checks that no QEMU of it is left behind.
# With -k, first hides the real /dev/kvm (if any) behind /dev/null in a private mount namespace
# (a device that is there but is no KVM), for hosts where KVM works. Needs root. Exit 0 when all
# cases pass; prints "ok ..." / "not ok ..." lines and a closing count.
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
if [ "${1:-}" = -k ] && [ -e /dev/kvm ] && [ -z "${ECLI_SIGNALS_INNER:-}" ]; then
  # shellcheck disable=SC2016 # $0 is the inner shell's
  exec env ECLI_SIGNALS_INNER=1 unshare -m --propagation private \
    bash -c 'mount --bind /dev/null /dev/kvm && exec "$0"' "$0"
fi
set -m   # each background job in its own process group, as a shell user's would be
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
fail() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1: $2"; }
# qemus TAG: pids of QEMU processes started under ECLI_GUEST_TAG=TAG.
qemus() { pgrep -f -- "-name ecli-guest-$1-" || true; }
# until_true SECONDS CMD...: polls CMD every 0.2 s; status 0 once it succeeds.
until_true() {
  local i=0
  while [ $i -lt $(($1 * 5)) ]; do
    "${@:2}" && return 0
    sleep 0.2
    i=$((i + 1))
  done
  return 1
}
has_qemu() { [ -n "$(qemus "$1")" ]; }
no_qemu() { [ -z "$(qemus "$1")" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# case_kill DESC SIGNAL GROUP CMD...: starts CMD in the background, waits for its guest's QEMU,
# sends SIGNAL to it (to its whole process group when GROUP is yes), then wants no QEMU within 15 s.
case_kill() {
  local desc=$1 sig=$2 group=$3 tag=sig$$-$RANDOM pid t0=$SECONDS
  shift 3
  # A shell started in the background without job control ignores SIGINT, and so would
  # everything it starts: give the command the default dispositions a terminal's user has.
  ECLI_GUEST_TAG=$tag env --default-signal=INT,TERM,HUP "$@" > "$log" 2>&1 &
  pid=$!
  if ! until_true 180 has_qemu "$tag"; then
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    fail "$desc" "no QEMU started within 180 s: $(tail -2 "$log" | tr '\n' ' ')"
    return
  fi
  sleep 2   # let the guest boot a little: the signal should meet a running guest
  if [ "$group" = yes ]; then kill "-$sig" -- "-$pid"; else kill "-$sig" "$pid"; fi
  if ! until_true 20 gone "$pid"; then
    fail "$desc" "still running 20 s after SIG$sig"
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return
  fi
  wait "$pid" 2>/dev/null
  if until_true 15 no_qemu "$tag"; then
    ok "$desc leaves no QEMU ($((SECONDS - t0)) s)"
  else
    fail "$desc" "QEMU still running: $(qemus "$tag" | tr '\n' ' ')"
    qemus "$tag" | xargs -r kill -KILL
  fi
}

guest=$root/scripts/guest-kernel-test.sh
echo "# kvm: $("$guest" -p 2>/dev/null | sed -n 's/^kvm: //p')"
case_kill "SIGTERM of guest-kernel-test.sh" TERM no "$guest"
case_kill "SIGINT of guest-kernel-test.sh" INT no "$guest"
case_kill "SIGKILL of guest-kernel-test.sh" KILL no "$guest"
case_kill "SIGTERM of test.sh's process group" TERM yes env ECLI_STAGES=guest "$root/scripts/test.sh"
echo "guest-signals: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
