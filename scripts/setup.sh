#!/usr/bin/env bash
# Installs what ecli-java needs on a fresh Debian machine (root), then builds the jar.
# Runtime: libbpf1. Authoring and tests: clang, llvm, libbpf-dev, bpftool, jq; the terminal,
# completion and man page tests: tmux, zsh, man-db; the metrics test: prometheus (the server);
# the deploy tests: shellcheck; the OCI tests: docker-registry (the CNCF distribution registry,
# started by the tests on loopback) and skopeo; the libbpf-tools packages: libbpf-tools (their
# objects are read from its binaries, and their tests compare with its C tools); the flame graph
# test: chromium (renders the SVG headless), and speedscope from npm (reads -o folded), kept
# in build/npm.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
need=()
for pkg in libbpf1 clang llvm libbpf-dev bpftool jq tmux zsh man-db prometheus shellcheck docker-registry skopeo libbpf-tools chromium; do
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
  # The tests start their own registry; the package's service (on systemd machines) is not wanted.
  if [[ " ${need[*]} " == *" docker-registry "* ]] && [ -d /run/systemd/system ]; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi
if command -v npm >/dev/null && [ ! -f "$root/build/npm/node_modules/speedscope/package.json" ]; then
  mkdir -p "$root/build/npm"
  npm install --silent --no-audit --no-fund --prefix "$root/build/npm" speedscope@1.25.0 >/dev/null 2>&1 ||
    echo "setup: npm could not install speedscope (the folded-output test needs it)" >&2
fi
. "$root/scripts/jdk.sh"
cd "$root"
mvn -q -B -Dmaven.test.skip=true package >/dev/null

"$root/scripts/aot-cache.sh"
echo "setup: ready: $root/ecli-java" >&2
