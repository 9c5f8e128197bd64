#!/usr/bin/env bash
# A long battery of hostile input, for a maintainer to rerun before a release (not part of
# scripts/test.sh): a hostile registry and URL server on loopback (scripts/adversarial.py) and
# hostile files, each case run through the real jar with a time limit. A case holds when the
# runner exits with the code it should, within its limit, saying one line that is not a stack
# trace or an internal error (cases marked "any" may say more: a replay's warnings, a run's
# summary). One line per case:
#
#   held    registry-stall                 6   4.7 s   ecli-java: reading the manifest of ...: no byte came for 3 s
#   FAILED  fifo-validate                124  60.0 s  (killed at the 60 s limit)
#
#   scripts/adversarial.sh                 every case (a few minutes)
#   ADV_HTTP_MS=60000 ADV_BODY_MS=600000 ADV_LIMIT=700 scripts/adversarial.sh
#                                          the registry's real limits (60 s, 10 min) instead of 3 s, 15 s
#   ADV_LIMIT=120 scripts/adversarial.sh   seconds a case may take before it counts as a hang (60)
# Exit 0 when every case held, 1 otherwise. Recording cases need root and a BPF-capable kernel
# (skipped otherwise); the full-disk case mounts a 64 KiB tmpfs (root).
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root" || exit 2
jar=runner/target/ecli-java.jar
if [ ! -f "$jar" ]; then
  echo "adversarial: build the jar first (scripts/setup.sh)" >&2
  exit 2
fi
http_ms=${ADV_HTTP_MS:-3000}
body_ms=${ADV_BODY_MS:-15000}
limit=${ADV_LIMIT:-60}
work=$(mktemp -d /tmp/ecli-adversarial.XXXXXX)
server=
held=0
failed=0
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  mountpoint -q "$work/small" 2>/dev/null && umount "$work/small"
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CACHE_HOME=$work/cache

ecli() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Decli.http.timeoutMillis="$http_ms" -Decli.http.bodyMillis="$body_ms" -jar "$jar" "$@"
}

# case NAME CODES LINES -- ARGS...: runs ecli ARGS; holds when the exit code is one of CODES
# (comma-separated) and stderr is LINES lines ("1": exactly one; "any": any number) with no
# stack trace or internal error.
case_() {
  local name=$1 codes=$2 lines=$3
  shift 4
  local t0 t1 rc n first verdict=held why=
  t0=$(date +%s.%N)
  timeout -k 5 "$limit" bash -c 'ecli "$@"' _ "$@" >"$work/out" 2>"$work/err" </dev/null
  rc=$?
  t1=$(date +%s.%N)
  n=$(wc -l <"$work/err")
  first=$(head -c 300 "$work/err" | head -1)
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    verdict=FAILED why="(killed at the $limit s limit)"
  elif [[ ",$codes," != *",$rc,"* ]]; then
    verdict=FAILED why="(exit $rc, wanted $codes)"
  elif grep -qE 'Exception|internal error|^\s+at ' "$work/err"; then
    verdict=FAILED why="(a stack trace or internal error)"
  elif [ "$lines" = 1 ] && [ "$n" != 1 ]; then
    verdict=FAILED why="($n lines on stderr)"
  fi
  if [ $verdict = held ]; then held=$((held + 1)); else failed=$((failed + 1)); fi
  printf '%-7s %-28s %3s %5.1f s  %s %s\n' "$verdict" "$name" "$rc" "$(echo "$t1 - $t0" | bc)" "$why" "$first"
}
export -f ecli
export JAVA_HOME jar http_ms body_ms

echo "== hostile files"
mkfifo "$work/fifo"
for cmd in validate inspect run; do
  case_ "devzero-$cmd" 3 1 -- "$cmd" /dev/zero
  case_ "fifo-$cmd" 3 1 -- "$cmd" "$work/fifo"
done
mkdir "$work/big" && truncate -s 3G "$work/big/big.bpf.o"
printf 'name: big\nobject: big.bpf.o\n' >"$work/big/package.yaml"
for cmd in validate inspect run; do
  case_ "sparse-3G-object-$cmd" 3 1 -- "$cmd" "$work/big"
done
mkdir "$work/zero" && ln -s /dev/zero "$work/zero/x.bpf.o"
printf 'name: zero\nobject: x.bpf.o\n' >"$work/zero/package.yaml"
case_ "object-link-devzero" 3 1 -- inspect "$work/zero"
mkdir "$work/yaml"
cp packages/exitsnoop/exitsnoop.bpf.o "$work/yaml/"
python3 -c "import sys; sys.stdout.write('name: x\nobject: exitsnoop.bpf.o\ndescription: ' + 'a' * 8000000 + '\n')" \
  >"$work/yaml/package.yaml"
case_ "yaml-8MB-scalar" 3 1 -- validate "$work/yaml"
python3 -c "import sys; sys.stdout.write('name: x\nobject: exitsnoop.bpf.o\ndescription: ' + '[' * 5000 + ']' * 5000 + '\n')" \
  >"$work/yaml/package.yaml"
case_ "yaml-deep-nesting" 3 1 -- inspect "$work/yaml"
python3 - "$work/yaml/package.yaml" <<'EOF'
import sys
lines = ["name: x", "object: exitsnoop.bpf.o", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
lines += ["a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 9)) for i in range(1, 12)]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
case_ "yaml-alias-bomb" 3 1 -- inspect "$work/yaml"
python3 -c "import sys; sys.stdout.write('{\"name\":\"x\",\"object\":\"exitsnoop.bpf.o\",\"d\":' + '[' * 100000 + ']' * 100000 + '}')" \
  >"$work/yaml/package.json"
rm "$work/yaml/package.yaml"
case_ "json-deep-nesting" 3 1 -- validate "$work/yaml/package.json"
head -c 4000 /dev/urandom >"$work/random.bpf.o"
mkdir "$work/rnd" && cp "$work/random.bpf.o" "$work/rnd/x.bpf.o"
printf 'name: rnd\nobject: x.bpf.o\n' >"$work/rnd/package.yaml"
case_ "object-random-bytes" 3 1 -- inspect "$work/rnd"
head -c 2000 packages/exitsnoop/exitsnoop.bpf.o >"$work/rnd/x.bpf.o"
case_ "object-truncated-elf" 3 1 -- validate "$work/rnd"
mkdir "$work/esc" && cp packages/exitsnoop/exitsnoop.bpf.o "$work/esc/"
printf 'name: esc\nobject: exitsnoop.bpf.o\ndescription: "\\e]0;pwned\\a\\e[2J\\r\\nfake"\n' >"$work/esc/package.yaml"
case_ "inspect-escapes" 0 any -- inspect "$work/esc"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/out"; then
  echo "FAILED  inspect-escapes: control characters reached stdout"
  held=$((held - 1)) failed=$((failed + 1))
fi

echo "== hostile registry and URLs (waits ${http_ms} ms, bodies ${body_ms} ms)"
python3 scripts/adversarial.py "$work/port" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
reg=127.0.0.1:$(cat "$work/port")
for mode in stall trickle noheaders tokenflood tokenstall tofile loop basicloop short bigheader; do
  case_ "registry-$mode" 6 1 -- pull --insecure "$reg/$mode/x:1"
done
case_ "registry-flood" 3 1 -- pull --insecure "$reg/flood/x:1"
case_ "registry-deepjson" 3,6 1 -- pull --insecure "$reg/deepjson/x:1"
for mode in stall tofile flood; do
  case_ "url-$mode" 3,6 1 -- run "http://$reg/$mode/package.json"
done

echo "== hostile recordings"
if [ "$(id -u)" = 0 ] && [ -d /sys/fs/bpf ]; then
  rec=$work/exits.rec
  ecli run packages/exitsnoop -o none --record "$rec" --duration 4 >/dev/null 2>&1 &
  recorder=$!
  sleep 2.5; for _ in $(seq 300); do /bin/true; done; wait "$recorder"
  size=$(stat -c %s "$rec")
  for cut in 10 100 1000 $((size / 2)) $((size - 7)); do
    head -c "$cut" "$rec" >"$work/cut.rec"
    case_ "recording-cut-$cut" 0,3 any -- replay "$work/cut.rec" -o json
  done
  for seed in 1 2 3 4 5; do
    python3 - "$rec" "$work/flip.rec" "$seed" <<'EOF'
import random, sys
b = bytearray(open(sys.argv[1], "rb").read())
r = random.Random(int(sys.argv[3]))
for _ in range(20):
    b[r.randrange(len(b) // 2, len(b))] ^= 1 << r.randrange(8)  # mostly records, past the header
open(sys.argv[2], "wb").write(bytes(b))
EOF
    case_ "recording-flipped-$seed" 0,3 any -- inspect "$work/flip.rec"
  done
  mkdir "$work/small" && mount -t tmpfs -o size=64k tmpfs "$work/small"
  ( sleep 2.5; for _ in $(seq 3000); do /bin/true; done ) &
  exits=$!
  case_ "record-full-disk" 7 any -- run packages/exitsnoop -o none --record "$work/small/x.rec" --duration 20
  wait "$exits"
else
  echo "skipped (needs root and BPF)"
fi

echo "== $held held, $failed FAILED"
[ "$failed" = 0 ]
