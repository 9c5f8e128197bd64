#!/usr/bin/env bash
# Installs what ecli-java needs on a fresh Debian machine (root), then builds the jar.
# Runtime: libbpf1. Authoring and tests: clang, llvm, libbpf-dev, bpftool, jq; the terminal,
# completion and man page tests: tmux, zsh, man-db; the metrics test: prometheus (the server);
# the deploy tests: shellcheck.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
need=()
for pkg in libbpf1 clang llvm libbpf-dev bpftool jq tmux zsh man-db prometheus shellcheck; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${need[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
. "$root/scripts/jdk.sh"
cd "$root"
mvn -q -B -Dmaven.test.skip=true package >/dev/null

# A JDK AOT cache (JDK 25: -XX:AOTCacheOutput) of the classes, linked call sites and heap
# objects one run uses, made by a training run of the seed package (or, without root or
# kernel BTF, of its inspection). The launcher uses it while it is newer than the jar; it
# roughly halves the CPU time to the first event. A JDK without it just skips this.
# (absolute paths: the cache keeps the class path it was trained with)
jar=$root/runner/target/ecli-java.jar aot=$root/runner/target/ecli-java.aot
train=(inspect packages/exitsnoop)
if [ "$(id -u)" -eq 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
  train=(run packages/exitsnoop --duration 2 --quiet)
  # some exits to decode and print while it trains
  (for _ in $(seq 20); do sleep 0.05; /bin/true; done) &
fi
if "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -XX:AOTCacheOutput="$aot" -jar "$jar" "${train[@]}" >/dev/null 2>"$root/runner/target/aot.log"; then
  echo "setup: AOT cache $aot" >&2
else
  rm -f "$aot"
  echo "setup: no AOT cache (JDK 25 makes one): $(tail -1 "$root/runner/target/aot.log")" >&2
fi
rm -f "$aot.config"
wait
echo "setup: ready: $root/ecli-java" >&2
