#!/usr/bin/env bash
# Makes runner/target/ecli-java.aot, a JDK AOT cache (JDK 25: -XX:AOTCacheOutput) of the
# classes, linked call sites and heap objects the common commands use, by a training run of
# the seed package (or, without root or kernel BTF, of its inspection). ./ecli-java uses it while it is
# newer than the jar; it roughly halves the CPU time to the first event (bench/README.md).
# Called by setup.sh, and by ./ecli-java after it rebuilds the jar. A JDK without AOT caches
# just skips this. Prints one line on stderr.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/scripts/jdk.sh"
# Absolute paths: the cache keeps the class path it was trained with.
jar=$root/runner/target/ecli-java.jar aot=$root/runner/target/ecli-java.aot log=$root/runner/target/aot.log
train=(inspect "$root/packages/exitsnoop")
if [ "$(id -u)" -eq 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
  # --version, run --help, then two 1-second runs (cli/Training.java)
  train=(__train "$root/packages/exitsnoop" 1)
  # some exits to decode and print while it trains
  (for _ in $(seq 80); do sleep 0.05; /bin/true; done) &
fi
if "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:AOTCacheOutput="$aot.new" -jar "$jar" "${train[@]}" >/dev/null 2>"$log"; then
  # Renamed into place: a running ecli-java maps the old file, which must not change under it.
  mv -f "$aot.new" "$aot"
  echo "ecli-java: AOT cache $aot" >&2
else
  rm -f "$aot" "$aot.new"
  echo "ecli-java: no AOT cache (JDK 25 makes one): $(tail -1 "$log")" >&2
fi
rm -f "$aot.config" "$aot.new.config"
wait
