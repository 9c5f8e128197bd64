#!/bin/sh
# Times parsing the kernel's BTF with ecli-java's pure-Java reader, cold (a fresh JVM per
# parse) and warm (median after warm-up), beside `bpftool btf dump file FILE > /dev/null`.
# Usage: bench/btf-parse.sh [FILE] [RUNS]   (FILE defaults to /sys/kernel/btf/vmlinux)
set -eu
cd "$(dirname "$0")/.."
file=${1:-/sys/kernel/btf/vmlinux}
runs=${2:-10}
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
fi
java=java

# The bench main lives in test sources, so build those; offline first, online if deps are missing.
mvn -q -o -pl btf test-compile >/dev/null 2>&1 || mvn -q -pl btf test-compile
cp=btf/target/classes:btf/target/test-classes
main=dev.ecli.btf.BtfParseBench

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "file: $file ($(wc -c < "$file") bytes), $(nproc) CPUs, $("$java" -version 2>&1 | head -1)"

echo "== cold: fresh JVM, one Btf.read per process, $runs processes"
walls=""
for i in $(seq "$runs"); do
  t0=$(now_ms)
  line=$("$java" -cp "$cp" "$main" --cold "$file")
  t1=$(now_ms)
  walls="$walls $((t1 - t0))"
  [ "$i" -eq 1 ] && echo "first run: $line"
done
echo "cold process wall time (JVM start + read + parse + exit): median $(echo $walls | tr ' ' '\n' | median) ms"
inproc=$(for i in $(seq "$runs"); do "$java" -cp "$cp" "$main" --cold "$file"; done \
  | sed 's/cold read+parse: \([0-9.]*\) ms.*/\1/' | median)
echo "cold in-process Btf.read time: median $inproc ms"

echo "== warm: one JVM"
"$java" -cp "$cp" "$main" --warmup 20 --runs 30 "$file"

echo "== bpftool btf dump file $file > /dev/null, $runs runs"
bpftool=$(command -v bpftool || echo /usr/sbin/bpftool)
if [ -x "$bpftool" ]; then
  walls=""
  for i in $(seq "$runs"); do
    t0=$(now_ms); "$bpftool" btf dump file "$file" > /dev/null; t1=$(now_ms)
    walls="$walls $((t1 - t0))"
  done
  echo "bpftool wall time: median $(echo $walls | tr ' ' '\n' | median) ms"
  walls=""
  for i in $(seq "$runs"); do
    t0=$(now_ms); "$java" -cp "$cp" dev.ecli.btf.BtfDumpMain "$file" > /dev/null; t1=$(now_ms)
    walls="$walls $((t1 - t0))"
  done
  echo "ecli-java BtfDumpMain (same output, fresh JVM) wall time: median $(echo $walls | tr ' ' '\n' | median) ms"
else
  echo "bpftool not found"
fi
