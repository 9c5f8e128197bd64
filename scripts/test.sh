#!/usr/bin/env bash
# Runs every test, in stages, each timed against its budget (seconds; the total stays under
# 20 minutes on a 2-core machine with TCG):
#   setup    scripts/setup.sh: Debian packages when missing, the jar             budget 90
#   host     scripts/host-check.sh: one line per assumption (tracefs, cgroup v2,
#            network namespaces, nobody, disk, KVM usable or not)                 budget 30
#   maven    `mvn test`: every unit and bpf test; arguments go to Maven           budget 660
#   fuzz     scripts/fuzz.sh, 10-15 s per target (ECLI_FUZZ=D: D each; 0 skips)   budget 195
#   guest    scripts/guest-kernel-test.sh: Debian's stock 6.1 in QEMU (KVM when
#            a probe boot works, else TCG)                                        budget 180
#   signals  scripts/guest/signals-test.sh: no QEMU outlives a killed test run    budget 45
# Tests tagged "bpf" load real programs and need root; under CI=true they must run, never skip.
# ECLI_STAGES="maven fuzz" runs only those stages; ECLI_GUEST=0 skips guest and signals outside
# CI. A stage past its budget is named at the end; a failed stage ends the run (exit non-zero).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
stages=${ECLI_STAGES:-setup host maven fuzz guest signals}
if [ "${ECLI_GUEST:-1}" = 0 ] && [ "${CI:-}" != true ]; then
  stages=$(echo " $stages " | sed 's/ guest / /; s/ signals / /')
fi
summary=()
tests_passed=0
tests_failed=0
tests_skipped=0
total_start=$SECONDS

# maven_counts: adds the Surefire reports' counts to the totals.
maven_counts() {
  local f t e fl s
  for f in btf/target/surefire-reports/TEST-*.xml runner/target/surefire-reports/TEST-*.xml; do
    [ -f "$f" ] || continue
    t=$(suite_attr tests "$f") e=$(suite_attr errors "$f") fl=$(suite_attr failures "$f") s=$(suite_attr skipped "$f")
    tests_failed=$((tests_failed + ${e:-0} + ${fl:-0}))
    tests_skipped=$((tests_skipped + ${s:-0}))
    tests_passed=$((tests_passed + ${t:-0} - ${e:-0} - ${fl:-0} - ${s:-0}))
  done
}
suite_attr() { sed -n "/<testsuite /{s/.* $1=\"\([0-9]*\)\".*/\1/p;q}" "$2"; }
# plain_counts FILE: adds a "NAME: N passed, M failed" closing line's counts to the totals.
plain_counts() {
  local p f
  read -r p f < <(sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$1" | tail -1) || true
  tests_passed=$((tests_passed + ${p:-0}))
  tests_failed=$((tests_failed + ${f:-0}))
}
finish() {
  local rc=$?
  echo
  echo "== stages (wall time of budget)"
  printf '%s\n' "${summary[@]}"
  echo "== total $((SECONDS - total_start)) s of 1200 s"
  echo "tests: $tests_passed passed, $tests_failed failed, $tests_skipped skipped"
  rm -f "$log"
  exit "$rc"
}
log=$(mktemp)
trap finish EXIT

selected() { case " $stages " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
# stage NAME BUDGET CMD...: runs CMD, prints its time beside its budget; a failure ends the run.
stage() {
  local name=$1 budget=$2 t0=$SECONDS rc=0 took note=
  shift 2
  selected "$name" || return 0
  echo "== stage $name (budget $budget s)"
  "$@" || rc=$?
  took=$((SECONDS - t0))
  [ "$took" -le "$budget" ] || note=", OVER BUDGET"
  [ "$rc" -eq 0 ] || note="$note, FAILED (exit $rc)"
  summary+=("$(printf '%-8s %5d s of %4d s%s' "$name" "$took" "$budget" "$note")")
  printf "\n== stage %s: %d s of %d s%s\n" "$name" "$took" "$budget" "$note"
  return "$rc"
}

stage setup 90 "$root/scripts/setup.sh"
. "$root/scripts/jdk.sh"
stage host 30 "$root/scripts/host-check.sh"
maven() { mvn -B test "$@"; }
if selected maven; then
  # The reports of this run only: they are what the closing count adds up.
  rm -rf btf/target/surefire-reports runner/target/surefire-reports
  maven_rc=0
  stage maven 660 maven "$@" || maven_rc=$?
  maven_counts
  [ "$maven_rc" -eq 0 ] || exit "$maven_rc"
fi
# A finding fails the run; its input is kept where `mvn test` replays it from then on. By
# default the readers of untrusted bytes that are fast to run get more time per target.
if [ -z "${ECLI_FUZZ:-}" ]; then
  stage fuzz 195 ./scripts/fuzz.sh elf:15s btf:10s manifest:10s eunomia:10s eunomia-meta:10s decode:15s recording:10s
elif [ "$ECLI_FUZZ" != 0 ]; then
  stage fuzz 195 ./scripts/fuzz.sh -d "$ECLI_FUZZ"
fi
guest() { "$root/scripts/guest-kernel-test.sh" | tee "$log"; }
signals() { "$root/scripts/guest/signals-test.sh" -k | tee "$log"; }
# counted NAME BUDGET: stage NAME (run by the function of that name, which tees its output to
# $log) with its closing "N passed, M failed" line added to the totals.
counted() {
  local rc=0
  : > "$log"
  stage "$1" "$2" "$1" || rc=$?
  plain_counts "$log"
  return "$rc"
}
counted guest 180
counted signals 45
