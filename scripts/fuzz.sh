#!/usr/bin/env bash
# Fuzzes ecli-java's input readers with Jazzer (coverage-guided, libFuzzer inside the JVM),
# one target after another, each for DURATION.
#
#   scripts/fuzz.sh [-d DURATION] [-c] [TARGET[:DURATION]...]   TARGET: elf btf manifest eunomia eunomia-meta decode recording (default: all)
#   scripts/fuzz.sh -d 10m decode        DURATION as Jazzer takes it: 30s, 10m, 1h (default 1m)
#   scripts/fuzz.sh elf:30s btf:10s      a duration per target (the others take -d's)
#   scripts/fuzz.sh -d 0 -c              no fuzzing, only the coverage of the corpora as they are
#   -c                                   then replay each target's corpus under JaCoCo and print the
#                                        line and branch coverage of the packages it aims at
#   FUZZ_TIMEOUT=5 scripts/fuzz.sh ...   seconds one input may take before it counts as a hang (10)
#
# `mvn test` only replays each target's committed seeds and past crash inputs (regression mode);
# this script runs the same @FuzzTest methods in fuzzing mode (JAZZER_FUZZ=1), under `nice`.
# The corpus a run grows is kept in MODULE/.cifuzz-corpus/ (ignored by git) and seeded from the
# repository's objects and manifests; a crash input is written to the target's inputs directory
# under src/test/resources (e.g. .../ElfFuzzTestInputs/parse/crash-<sha1>), where `mvn test`
# replays it from then on: fix the bug, keep the file. Logs: target/fuzz/TARGET.log, with
# libFuzzer's last status line (executions, cov = coverage edges, ft = features, corp = corpus)
# summed up at the end. -c fetches JaCoCo (agent and CLI) from Maven Central once.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root"

duration=1m
coverage=false
timeout=${FUZZ_TIMEOUT:-10}
jacoco=0.8.14
while getopts d:ch opt; do
  case $opt in
    d) duration=$OPTARG ;;
    c) coverage=true ;;
    *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
default_duration=$duration
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(elf btf manifest eunomia eunomia-meta decode recording)

# TARGET -> module, test class, method, the packages (class directories) and classes it aims at
spec() {
  local out=dev/ecli/runner/output
  case $1 in
    elf) echo "btf dev.ecli.elf.ElfFuzzTest parse dev/ecli/elf,dev/ecli/bytes" ;;
    btf) echo "btf dev.ecli.btf.BtfFuzzTest parse dev/ecli/btf,dev/ecli/elf,dev/ecli/bytes" ;;
    manifest) echo "runner dev.ecli.runner.pkg.manifest.ManifestFuzzTest parse dev/ecli/runner/pkg/manifest" ;;
    eunomia) echo "runner dev.ecli.runner.pkg.EunomiaFuzzTest load dev/ecli/runner/pkg,dev/ecli/runner/pkg/eunomia,dev/ecli/runner/pkg/load" ;;
    eunomia-meta) echo "runner dev.ecli.runner.pkg.EunomiaFuzzTest skeleton dev/ecli/runner/pkg,dev/ecli/runner/pkg/eunomia,dev/ecli/runner/pkg/load" ;;
    decode) echo "runner dev.ecli.runner.decode.DecodeFuzzTest decode dev/ecli/runner/decode,$out/JsonSink,$out/ByteOutput,dev/ecli/runner/stream/EventStream" ;;
    recording) echo "runner dev.ecli.runner.record.RecordingFuzzTest read dev/ecli/runner/record" ;;
    *) echo "fuzz.sh: unknown target '$1' (elf btf manifest eunomia eunomia-meta decode recording)" >&2; exit 2 ;;
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

m2=${MAVEN_REPO:-$HOME/.m2/repository}
agent=$m2/org/jacoco/org.jacoco.agent/$jacoco/org.jacoco.agent-$jacoco-runtime.jar
cli=$m2/org/jacoco/org.jacoco.cli/$jacoco/org.jacoco.cli-$jacoco-nodeps.jar

# Replays the target's corpus and inputs (regression mode with JAZZER_COVERAGE=1) under the
# JaCoCo agent; prints "lines covered/all (%), branches covered/all (%)" over its packages.
measure() {
  local t=$1 module=$2 class=$3 packages=$4 exec=target/fuzz/$1.exec
  if [ ! -f "$agent" ] || [ ! -f "$cli" ]; then
    mvn -q dependency:get -Dartifact="org.jacoco:org.jacoco.agent:$jacoco:jar:runtime" >/dev/null
    mvn -q dependency:get -Dartifact="org.jacoco:org.jacoco.cli:$jacoco:jar:nodeps" >/dev/null
  fi
  rm -f "$exec"
  JAZZER_COVERAGE=1 nice -n 19 mvn -o -pl "$module" -am test -Dtest="${class##*.}" \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -DtestJvmArgs="-javaagent:$agent=destfile=$root/$exec,includes=dev.ecli.*" >"target/fuzz/$t-replay.log" 2>&1 \
      || { echo "replay failed, see target/fuzz/$t-replay.log"; return; }
  local args=() p
  for p in ${packages//,/ }; do  # a package directory, or a class (with its nested classes)
    for f in {btf,runner}/target/classes/"$p" {btf,runner}/target/classes/"$p".class \
        {btf,runner}/target/classes/"$p"\$*.class; do
      [ -e "$f" ] && args+=(--classfiles "$f")
    done
  done
  java -jar "$cli" report "$exec" "${args[@]}" --csv "target/fuzz/$t-coverage.csv" >/dev/null
  # CSV: ...,BRANCH_MISSED(6),BRANCH_COVERED(7),LINE_MISSED(8),LINE_COVERED(9),...
  local inputs
  inputs=$(sed -n "s/.*Tests run: \([0-9]*\),.* in $class\$/\1/p" "target/fuzz/$t-replay.log" | tail -1)
  awk -F, -v inputs="$inputs" 'NR > 1 { bm += $6; bc += $7; lm += $8; lc += $9 }
       END { printf "%s inputs replayed: lines %d/%d (%.1f%%), branches %d/%d (%.1f%%)\n",
             inputs, lc, lc + lm, 100 * lc / (lc + lm), bc, bc + bm, 100 * bc / (bc + bm) }' \
      "target/fuzz/$t-coverage.csv"
}

modules=btf
for t in "${targets[@]}"; do
  read -r module _ <<<"$(spec "${t%%:*}")"
  [ "$module" = runner ] && modules=runner
done
# Offline first; online when a dependency (Jazzer) is not in the local repository yet.
mvn -q -o -pl "$modules" -am test-compile >/dev/null 2>&1 || mvn -q -pl "$modules" -am test-compile
mkdir -p target/fuzz
summary=()
status=0
for target in "${targets[@]}"; do
  t=${target%%:*}
  duration=$default_duration
  [ "$target" = "$t" ] || duration=${target#*:}
  read -r module class method packages <<<"$(spec "$t")"
  seed "$t" "$module/.cifuzz-corpus/$class/$method"
  line="$t:"
  if [ "$duration" != 0 ]; then
    log=target/fuzz/$t.log
    echo "== $t: $class#$method for $duration (log: $log)"
    start=$(date +%s)
    # -timeout: libFuzzer's limit on one input, reported as a finding (a hang). (A JUnit @Timeout
    # would not do: in fuzzing mode it bounds the whole run.)
    # -Xmx: an input that makes a reader allocate without bound fails as OutOfMemoryError, not
    # after swallowing the machine. The test filter picks the one class (Jazzer fuzzes one test per JVM).
    if ! JAZZER_FUZZ=1 nice -n 19 mvn -o -pl "$module" -am test -Dtest="${class##*.}" \
        -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="$duration" -DtestJvmArgs="-Xmx2g" \
        -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout="$timeout" >"$log" 2>&1; then
      status=1
      echo "   FAILED: a finding or an error; see $log" >&2
      grep -E '^(== Java Exception|Caused by|\s+at dev\.ecli)|crash-|timeout-|oom-' "$log" | head -20 >&2 || true
    fi
    secs=$(($(date +%s) - start))
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
    line="$line ($secs s wall) ${done_line:-no Done line} | ${last:-no status line}"
  fi
  if $coverage; then
    echo "== $t: replaying the corpus under JaCoCo"
    line="$line | $(measure "$t" "$module" "$class" "$packages")"
  fi
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
