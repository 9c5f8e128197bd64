#!/usr/bin/env bash
# JMH benchmarks of the consumer's per-record work (bench/jmh: ring walk, JSON line, table row),
# against runner/target/ecli-java.jar (or $ECLI_JAR). No root needed.
# Usage: bench/jmh.sh [JMH ARGS...]   e.g. bench/jmh.sh -f 1 -wi 3 -i 3 HotPathBench.json
#        bench/jmh.sh --cpu [ROUNDS] [CASE...]   the same cases timed by thread CPU time (steadier
#        on a busy machine: other processes stretch wall time, not CPU time)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root"
[ -f runner/target/ecli-java.jar ] || mvn -q -B -DskipTests package
jar=${ECLI_JAR:-$root/runner/target/ecli-java.jar}
cd bench/jmh
mvn -q -B -o compile 2>/dev/null || mvn -q -B compile
cpfile=$(mktemp); trap 'rm -f "$cpfile"' EXIT
mvn -q -B -o -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null 2>&1 \
  || mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null 2>&1
# Every dependency but the system-scoped jar, which comes from $jar.
deps=$(tr ':' '\n' < "$cpfile" | grep -v 'ecli-java.jar$' | paste -sd:)
cd "$root"
cp="bench/jmh/target/classes:$deps:$jar"
if [ "${1:-}" = --cpu ]; then
  shift
  exec java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$cp" dev.ecli.jmh.HotPathCpu "$@"
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
