#!/usr/bin/env bash
# The test command's assumptions about this host, one line each: what holds, what this script
# provided (tracefs mounted, the nobody user), and what is missing. Exit 1 only when something
# the tests cannot do without is missing and could not be provided; KVM is only reported
# (the guest stage falls back to TCG).
#
#   scripts/host-check.sh [-q]    -q: skip the KVM probe (it may take 40 s on a host where it hangs)
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
probe=true
[ "${1:-}" = -q ] && probe=false
bad=0
line() { printf 'host: %-12s %s\n' "$1:" "$2"; }
missing() { line "$1" "MISSING: $2"; bad=1; }

if [ "$(id -u)" -eq 0 ]; then line root "yes"; else missing root "the bpf tests load programs and need root"; fi
line kernel "$(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%d MiB", $2 / 1024}' /proc/meminfo)"
if [ -r /sys/kernel/btf/vmlinux ]; then line btf "/sys/kernel/btf/vmlinux"; else missing btf "no /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF)"; fi

tracing=/sys/kernel/tracing
if [ -e "$tracing/events" ]; then
  line tracefs "mounted at $tracing"
elif mount -t tracefs tracefs "$tracing" 2>/dev/null; then
  line tracefs "mounted at $tracing by this check"
else
  missing tracefs "not mounted at $tracing and mounting it failed"
fi

# cgroup v2: the whole hierarchy, or the unified part of a hybrid (v1) host; mounted here if
# the host has none (the enrich tests make cgroups in it).
cg2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
if [ "$cg2" = /sys/fs/cgroup ]; then
  line cgroup "v2 at /sys/fs/cgroup"
elif [ -n "$cg2" ]; then
  line cgroup "hybrid: v1 controllers, v2 at $cg2"
elif mkdir -p /tmp/ecli-cgroup2 && mount -t cgroup2 none /tmp/ecli-cgroup2 2>/dev/null; then
  line cgroup "v2 mounted at /tmp/ecli-cgroup2 by this check"
else
  missing cgroup "no cgroup2 mount, and mounting one failed"
fi

ns=ecli-check-$$
if ip netns add "$ns" 2>/dev/null; then
  ip netns del "$ns"
  line netns "network namespaces can be made"
else
  missing netns "ip netns add failed (iproute2, or no CAP_SYS_ADMIN)"
fi

if id -u nobody > /dev/null 2>&1; then
  line nobody "user nobody (uid $(id -u nobody)) for the tests that need a second user"
elif useradd -r -M -s /usr/sbin/nologin nobody 2>/dev/null; then
  line nobody "user nobody made by this check"
else
  missing nobody "no user nobody and useradd failed"
fi

# Free space where the build and the tests write: the checkout (target/, build/) and the
# temporary folder (guest output, registries, fuzz corpora).
for dir in "$root" "${TMPDIR:-/tmp}"; do
  free=$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 {print int($4 / 1024)}')
  if [ -z "$free" ]; then
    missing disk "cannot read the free space of $dir"
  elif [ "$free" -lt 2048 ]; then
    missing disk "$free MiB free under $dir; the tests need about 2 GiB"
  else
    line disk "$free MiB free under $dir"
  fi
done

if $probe; then
  kvm=$("$root/scripts/guest-kernel-test.sh" -p 2>/dev/null | sed -n 's/^kvm: //p')
  line kvm "${kvm:-the probe failed (scripts/guest-kernel-test.sh -p)}"
fi
exit "$bad"
