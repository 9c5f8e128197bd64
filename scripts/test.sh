#!/usr/bin/env bash
# Runs every test: installs dependencies, then the Maven build with all tests. Tests tagged
# "bpf" load real programs and need root; under CI=true they must run, never skip.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
"$root/scripts/setup.sh"
. "$root/scripts/jdk.sh"
cd "$root"
mvn -B test "$@"
