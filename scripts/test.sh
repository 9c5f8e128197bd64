#!/usr/bin/env bash
# Runs every test: installs dependencies, then the Maven build with all tests, then a short
# coverage-guided fuzzing run of each input reader (scripts/fuzz.sh, 20 s per target; set
# ECLI_FUZZ=1m for longer or ECLI_FUZZ=0 for none). Tests tagged "bpf" load real programs and
# need root; under CI=true they must run, never skip. Last, the runner on a second real kernel:
# Debian's stock 6.1 in a QEMU guest (scripts/guest-kernel-test.sh, about a minute; ECLI_GUEST=0
# skips it outside CI). Arguments go to Maven.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
"$root/scripts/setup.sh"
. "$root/scripts/jdk.sh"
cd "$root"
mvn -B test "$@"
fuzz=${ECLI_FUZZ:-20s}
if [ "$fuzz" != 0 ]; then
  # A finding fails the run; its input is kept where `mvn test` replays it from then on.
  ./scripts/fuzz.sh -d "$fuzz"
fi
if [ "${ECLI_GUEST:-1}" != 0 ] || [ "${CI:-}" = true ]; then
  ./scripts/guest-kernel-test.sh
fi
