#!/bin/sh
# The container's entrypoint (deploy/Containerfile): runs one `ecli-java run` per package line,
# each with its own Prometheus port and the Kafka sink when one is configured; forwards SIGTERM
# and SIGINT to them; when any of them exits, stops the others and exits with its status, so
# the kubelet restarts the container (a visible restart, with back-off) rather than this
# script restarting one runner quietly.
#
# Environment (the DaemonSet sets it from the ConfigMap):
#   ECLI_PACKAGES_FILE  the package lines (default /etc/ecli-java/packages): "PACKAGE [ARG...]",
#                       ARGs being run options or the package's parameters; words are split on
#                       blanks with no quoting; blank lines and lines starting with # are skipped
#   ECLI_METRICS_PORT   --metrics port of the first line, the next line's is one more, ...
#                       (default 9435; empty: no --metrics)
#   ECLI_SINK           --sink URI, e.g. kafka://kafka.kafka.svc:9092/ecli-events (empty: none);
#                       a kafka:// URI without host= gets host=$NODE_NAME
#   ECLI_STDOUT         json: events as JSON lines in the container's log; none: not there
#                       (-o none) (default json)
#   ECLI_HEAP_PERCENT   share of the container's memory limit for all the runners' Java heaps
#                       together, split evenly (default 40); ignored when JAVA_TOOL_OPTIONS is set
#   ECLI_BIN            the runner (default: ecli-java on PATH)
#   NODE_NAME           the node's name (downward API): the events' _host in Kafka (the pod's
#                       own host name is the pod's name), also exported as HOSTNAME
set -u

packages=${ECLI_PACKAGES_FILE:-/etc/ecli-java/packages}
metrics_port=${ECLI_METRICS_PORT-9435}
sink=${ECLI_SINK:-}
stdout=${ECLI_STDOUT:-json}
heap_percent=${ECLI_HEAP_PERCENT:-40}
bin=${ECLI_BIN:-ecli-java}

say() {
  echo "entrypoint: $*" >&2
}

[ -r "$packages" ] || { say "cannot read the package list $packages"; exit 2; }
case $stdout in
  json|none) ;;
  *) say "ECLI_STDOUT must be json or none, got '$stdout'"; exit 2 ;;
esac
case $metrics_port in
  ''|*[!0-9]*) [ -z "$metrics_port" ] || { say "ECLI_METRICS_PORT must be a port number, got '$metrics_port'"; exit 2; } ;;
esac
if [ -n "${NODE_NAME:-}" ]; then
  HOSTNAME=$NODE_NAME
  export HOSTNAME NODE_NAME
  case $sink in
    kafka://*\?host=* | kafka://*\&host=*) ;;
    kafka://*\?*) sink="$sink&host=$NODE_NAME" ;;
    kafka://*) sink="$sink?host=$NODE_NAME" ;;
  esac
fi

# Package lines, comments and blank lines left out.
lines=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$packages")
count=$(printf '%s\n' "$lines" | grep -c .)
[ "$count" -gt 0 ] || { say "no package lines in $packages"; exit 2; }

if [ -z "${JAVA_TOOL_OPTIONS:-}" ]; then
  share=$((heap_percent / count))
  [ "$share" -ge 1 ] || share=1
  JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=$share"
  export JAVA_TOOL_OPTIONS
fi

state=$(mktemp -d)
pids=""
names=""
stopping=0
signalled=0

# Stops every runner still there: SIGTERM, which they answer by detaching and flushing. Once
# only: a runner takes a second signal as "exit at once", unflushed.
stop_all() {
  [ "$signalled" -eq 0 ] || return 0
  signalled=1
  for p in $pids; do
    kill -TERM "$p" 2>/dev/null
  done
}
trap 'stopping=1; stop_all' TERM INT

i=0
set -f # a line's words are not file patterns
while IFS= read -r line; do
  [ "$stopping" -eq 0 ] || break # a signal while starting: start no more
  # shellcheck disable=SC2086 # splitting the line into words is the point
  set -- $line
  pkg=$1
  shift
  # run PACKAGE, this script's options, then the line's: a line's parameter that lacks its
  # value is then an error rather than taking one of ours.
  if [ -n "$sink" ]; then
    set -- --sink "$sink" "$@"
  fi
  if [ -n "$metrics_port" ]; then
    set -- --metrics ":$((metrics_port + i))" "$@"
  fi
  set -- run "$pkg" -o "$stdout" "$@"
  say "starting: $bin $*"
  # Each runner in its own session (setsid: no fork here, $! is the runner), so that only this
  # script's SIGTERM reaches it, once: a signal to the whole process group (Ctrl-C on a
  # terminal, timeout(1)) would come twice, and a runner's second signal ends it at once,
  # unflushed.
  if [ "$stdout" = json ]; then
    # One line per write(2), so the runners' lines never mix in the shared log. sed ignores
    # the signals and ends when its runner's output does.
    mkfifo "$state/out.$i"
    (trap '' INT TERM; exec sed -u '') < "$state/out.$i" &
    setsid "$bin" "$@" > "$state/out.$i" &
  else
    setsid "$bin" "$@" > /dev/null &
  fi
  pids="$pids $!"
  names="$names $pkg"
  i=$((i + 1))
done <<EOF
$lines
EOF

# Wait until a signal comes or a runner ends. `wait` returns early when a trapped signal
# arrives; the short ticker keeps the check for ended runners prompt.
status=0
while [ "$stopping" -eq 0 ]; do
  sleep 1 &
  wait $! 2>/dev/null
  # shellcheck disable=SC2086 # one word per package name
  set -- $names
  for p in $pids; do
    if ! kill -0 "$p" 2>/dev/null; then
      wait "$p"
      status=$?
      say "$1 (pid $p) exited with status $status; stopping the others"
      stopping=2
      break
    fi
    shift
  done
done
stop_all
for p in $pids; do
  wait "$p" 2>/dev/null
done
wait
rm -rf "$state"
if [ "$stopping" -eq 1 ]; then
  say "stopped by a signal"
  exit 0
fi
exit "$status"
