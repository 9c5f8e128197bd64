#!/usr/bin/env bash
# Side by side: libbpf-tools' exitsnoop (Debian libbpf-tools) and ecli-java's exitsnoop package
# trace the same workload (exit codes 0..5, a SIGKILL, a SIGTERM, a SIGSEGV with core dump);
# prints, for each workload process, what each tool saw, and fails if they disagree.
# Needs root. Usage: bench/exitsnoop-vs-libbpf-tools.sh
# (SIGTERM stops both: background jobs of a script start with SIGINT ignored; libbpf-tools
# exits on SIGTERM without flushing stdio, hence stdbuf -oL.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/sbin/exitsnoop >/dev/null || { apt-get install -y -qq libbpf-tools >/dev/null; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/ecli-java" run "$root/packages/exitsnoop" -o json > "$work/ecli.json" 2>"$work/ecli.err" &
ecli=$!
stdbuf -oL /usr/sbin/exitsnoop > "$work/tools.txt" 2>"$work/tools.err" &
tools=$!
sleep 4   # both attached (ecli-java prints "attached" on stderr)
grep -q attached "$work/ecli.err" || { cat "$work/ecli.err"; exit 1; }
pids=()
cd "$work"
for code in 0 1 2 3 4 5; do sh -c "exit $code" & pids+=($!); wait $! || true; done
sh -c 'kill -KILL $$' & pids+=($!); wait $! || true
sh -c 'kill -TERM $$' & pids+=($!); wait $! || true
sh -c 'ulimit -c unlimited; kill -SEGV $$' & pids+=($!); wait $! || true
sleep 1
kill -TERM $ecli $tools; wait $ecli 2>/dev/null || true; wait $tools 2>/dev/null || true
fail=0
printf '%-8s %-28s %s\n' PID "ecli-java (code sig core)" "libbpf-tools EXIT_CODE column"
for p in "${pids[@]}"; do
  ours=$(jq -r "select(.pid==$p) | \"\(.exit_code) \(.sig) \(.core_dumped)\"" "$work/ecli.json" | tail -1)
  theirs=$(awk -v p="$p" '$2==p {for (i=6;i<=NF;i++) printf "%s ", $i; print ""}' "$work/tools.txt" | sed 's/ *$//' | tail -1)
  # Map ours to libbpf-tools' wording: "0", "code N", "signal N (NAME)" and ", core dumped".
  read -r code sig core <<<"$ours"
  if [ "$sig" != 0 ]; then
    want="signal $sig"
  elif [ "$code" = 0 ]; then
    want="0"
  else
    want="code $code"
  fi
  ok=yes
  case "$theirs" in "$want"*) ;; *) ok=NO; fail=1 ;; esac
  if [ "$core" = true ] && [[ "$theirs" != *"core dumped"* ]]; then ok=NO; fail=1; fi
  printf '%-8s %-28s %-40s %s\n' "$p" "$ours" "$theirs" "$ok"
done
exit $fail
