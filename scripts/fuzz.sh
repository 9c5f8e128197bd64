#!/usr/bin/env bash
# Fuzzes ecli-java's input readers with Jazzer (coverage-guided, libFuzzer inside the JVM),
# one target after another, each for DURATION.
#
#   scripts/fuzz.sh [-d DURATION] [TARGET...]     TARGET: elf btf manifest eunomia decode (default: all)
#   scripts/fuzz.sh -d 10m decode                  DURATION as Jazzer takes it: 30s, 10m, 1h (default 1m)
#   FUZZ_TIMEOUT=5 scripts/fuzz.sh ...             seconds one input may take before it counts as a hang (10)
#
# `mvn test` only replays each target's committed seeds and past crash inputs (regression mode);
# this script runs the same @FuzzTest methods in fuzzing mode (JAZZER_FUZZ=1), under `nice`.
# The corpus a run grows is kept in MODULE/.cifuzz-corpus/ (ignored by git) and seeded from the
# repository's objects and manifests; a crash input is written to the target's inputs directory
# under src/test/resources (e.g. .../ElfFuzzTestInputs/parse/crash-<sha1>), where `mvn test`
# replays it from then on: fix the bug, keep the file. Logs: target/fuzz/TARGET.log, with
# libFuzzer's last status line (executions, cov = coverage edges, ft = features, corp = corpus)
# summed up at the end.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root"

duration=1m
timeout=${FUZZ_TIMEOUT:-10}
while getopts d:h opt; do
  case $opt in
    d) duration=$OPTARG ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(elf btf manifest eunomia decode)

# TARGET -> module, test class, method
spec() {
  case $1 in
    elf) echo "btf dev.ecli.elf.ElfFuzzTest parse" ;;
    btf) echo "btf dev.ecli.btf.BtfFuzzTest parse" ;;
    manifest) echo "runner dev.ecli.runner.pkg.ManifestFuzzTest parse" ;;
    eunomia) echo "runner dev.ecli.runner.pkg.EunomiaFuzzTest load" ;;
    decode) echo "runner dev.ecli.runner.decode.DecodeFuzzTest decode" ;;
    *) echo "fuzz.sh: unknown target '$1' (elf btf manifest eunomia decode)" >&2; exit 2 ;;
  esac
}

# Larger seeds than the committed ones: every object and manifest in the repository.
seed() {
  local target=$1 dir=$2 f
  mkdir -p "$dir"
  case $target in
    elf)
      # (btf keeps to its small committed seeds: it walks every type of every input, so large
      # objects would slow it down more than their variety helps.)
      for f in packages/*/*.bpf.o examples/*/*.bpf.o runner/src/test/bpf/*/*.bpf.o; do
        [ -f "$f" ] && cp -n "$f" "$dir/repo-$(echo "$f" | tr / _)"
      done ;;
    manifest)
      for f in packages/*/package.yaml examples/*/package.yaml runner/src/test/bpf/*/package.yaml; do
        [ -f "$f" ] && cp -n "$f" "$dir/repo-$(echo "$f" | tr / _)"
      done ;;
    *) ;;
  esac
}

modules=btf
for t in "${targets[@]}"; do
  read -r module _ <<<"$(spec "$t")"
  [ "$module" = runner ] && modules=runner
done
# Offline first; online when a dependency (Jazzer) is not in the local repository yet.
mvn -q -o -pl "$modules" -am test-compile >/dev/null 2>&1 || mvn -q -pl "$modules" -am test-compile
mkdir -p target/fuzz
summary=()
status=0
for t in "${targets[@]}"; do
  read -r module class method <<<"$(spec "$t")"
  seed "$t" "$module/.cifuzz-corpus/$class/$method"
  log=target/fuzz/$t.log
  echo "== $t: $class#$method for $duration (log: $log)"
  start=$(date +%s)
  # -timeout: libFuzzer's limit on one input, reported as a finding (a hang). (A JUnit @Timeout
  # would not do: in fuzzing mode it bounds the whole run.)
  # -Xmx: an input that makes a reader allocate without bound fails as OutOfMemoryError, not
  # after swallowing the machine. The test filter picks the one class (Jazzer fuzzes one test per JVM).
  if ! JAZZER_FUZZ=1 nice -n 19 mvn -o -pl "$module" -am test -Dtest="${class##*.}" \
      -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="$duration" -DtestJvmArgs="-Xmx2g" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout="$timeout" \
      -Djazzer.coverage_report="$root/target/fuzz/$t-coverage.txt" >"$log" 2>&1; then
    status=1
    echo "   FAILED: a finding or an error; see $log" >&2
    grep -E '^(== Java Exception|Caused by|\s+at dev\.ecli)|crash-|timeout-|oom-' "$log" | head -20 >&2 || true
  fi
  secs=$(($(date +%s) - start))
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
  summary+=("$t ($secs s wall): ${done_line:-no Done line} | ${last:-no status line}")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
