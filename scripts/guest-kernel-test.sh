#!/usr/bin/env bash
# Runs ecli-java on a second real kernel: Debian 12's stock kernel (linux-image-amd64, 6.1)
# booted in a QEMU guest whose root is this machine's tree, shared read-only over 9p, so the
# guest runs this very checkout, JDK and libbpf. scripts/guest/cases.sh runs inside it: packages
# and examples on the guest's kernel, each decoded field checked against a process it started.
#
#   scripts/guest-kernel-test.sh [-k DEBIAN_KERNEL_PACKAGE] [-a auto|kvm|tcg] [-p]
#     -k  the kernel package (default: linux-image-amd64's)
#     -a  accelerator; auto (default) boots the guest once under KVM as a probe and uses KVM only
#         when that boot works (a /dev/kvm file says nothing: nested KVM may abort or hang)
#     -p  only probe: print which accelerator a run would use and why, then exit 0
#   ECLI_GUEST_BUDGET=S  seconds the whole guest may take before it is stopped as hung (default
#                        120 with KVM, 300 with TCG; each case has its own budget too)
#
# Needs root (apt-get, the guest's 9p export of /). The kernel package and initramfs are kept
# in build/guest-kernel/; the probe's answer is kept there for this boot of the host. QEMU runs
# with a parent-death signal and is killed when this script ends in any way (SIGKILL too).
# Exit 0 when every case passed within its budget.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
kpkg=
accel_choice=${ECLI_GUEST_ACCEL:-auto}
probe_only=false
while getopts k:a:ph opt; do
  case $opt in
    k) kpkg=$OPTARG ;;
    a) accel_choice=$OPTARG ;;
    p) probe_only=true ;;
    *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
case $accel_choice in auto | kvm | tcg) ;; *) echo "guest-kernel-test: -a takes auto, kvm or tcg" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "guest-kernel-test: needs root" >&2; exit 1; }

# QEMU is started by qemu_start only, always as our direct child with a parent-death signal,
# and ended by the EXIT trap; TERM, INT and HUP run that trap through exit.
qpid=
out=$(mktemp -d)
cleanup() {
  if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
    kill -KILL "$qpid" 2>/dev/null || true
    wait "$qpid" 2>/dev/null || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP
# The name QEMU runs under: ECLI_GUEST_TAG lets a test find the QEMU of the run it started.
tag=ecli-guest-${ECLI_GUEST_TAG:-run}-$$
# qemu_start LOG ARGS...: QEMU in the background (pid in qpid), killed if this shell dies.
qemu_start() {
  local log=$1
  shift
  setpriv --pdeathsig KILL -- qemu-system-x86_64 -name "$tag" "$@" > "$log" 2>&1 < /dev/null &
  qpid=$!
}
# qemu_wait SECONDS [WATCH]: waits for QEMU to end, at most SECONDS (then kills it: exit 1);
# prints WATCH's new lines as they appear.
qemu_wait() {
  local deadline=$((SECONDS + $1)) watch=${2:-} shown=0 lines
  while kill -0 "$qpid" 2>/dev/null; do
    if [ -n "$watch" ] && [ -f "$watch" ]; then
      lines=$(wc -l < "$watch")
      if [ "$lines" -gt "$shown" ]; then
        tail -n "+$((shown + 1))" "$watch" | head -n "$((lines - shown))"
        shown=$lines
      fi
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL "$qpid" 2>/dev/null || true
      wait "$qpid" 2>/dev/null || true
      qpid=
      return 1
    fi
    sleep 0.5
  done
  wait "$qpid" 2>/dev/null || true
  qpid=
  [ -z "$watch" ] || [ ! -f "$watch" ] || tail -n "+$((shown + 1))" "$watch"
}
# pct_encode S: S with every byte but [A-Za-z0-9/._-] as %XX, for the kernel command line.
pct_encode() {
  local LC_ALL=C s=$1 enc="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9/._-]) enc+=$c ;;
      *) printf -v c '%%%02X' "'$c"; enc+=$c ;;
    esac
  done
  printf '%s' "$enc"
}

need=()
for pkg in qemu-system-x86 busybox-static jq kmod; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "guest-kernel-test: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ -z "$kpkg" ]; then
  kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
  if [ -z "$kpkg" ]; then
    apt-get update -qq
    kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
  fi
fi
release=${kpkg#linux-image-}
work=$root/build/guest-kernel/$release
mkdir -p "$work"
if [ ! -f "$work/tree/boot/vmlinuz-$release" ]; then
  echo "guest-kernel-test: fetching $kpkg" >&2
  rm -rf "$work/tree" && mkdir -p "$work/tree"
  (cd "$work" && rm -f ./*.deb && apt-get download "$kpkg" >&2 2>/dev/null)
  dpkg-deb -x "$work"/*.deb "$work/tree"
  depmod -b "$work/tree" "$release"
fi
# The initramfs: busybox, the modules the 9p root needs (with their dependencies, in order).
initrd=$work/initrd.img
if [ ! -f "$initrd" ] || [ "$root/scripts/guest/initramfs-init" -nt "$initrd" ]; then
  stage=$(mktemp -d)
  mkdir -p "$stage"/{bin,lib/modules,proc,sys,dev,newroot}
  cp /bin/busybox "$stage/bin/"
  cp "$root/scripts/guest/initramfs-init" "$stage/init"
  for m in virtio_pci 9pnet_virtio 9p; do
    modprobe -d "$work/tree" -S "$release" --show-depends "$m"
  done | sed -n 's/^insmod \(.*\.ko[^ ]*\).*/\1/p' | awk '!seen[$0]++' | while IFS= read -r ko; do
    cp "$ko" "$stage/lib/modules/"
    basename "$ko" >> "$stage/lib/modules/order"
  done
  (cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$initrd"
  rm -rf "$stage"
fi
boot=(-machine q35 -m 2048 -nographic -no-reboot -kernel "$work/tree/boot/vmlinuz-$release" -initrd "$initrd")

# The KVM probe: the guest's own kernel booted to its initramfs, which says so and powers off.
# Its answer is kept for this boot of the host and this /dev/kvm (a failed probe may cost its
# whole 40 s); another device in its place (a test's) is probed anew.
probe_kvm() {
  local dev cache boot_id log
  dev=$(stat -Lc '%t:%T' /dev/kvm 2>/dev/null || echo none)
  cache=$work/kvm-probe.$dev
  boot_id=$(cat /proc/sys/kernel/random/boot_id)
  if [ -f "$cache" ] && [ "$(head -1 "$cache")" = "$boot_id" ]; then
    kvm_reason=$(sed -n 2p "$cache")
    [ "$(sed -n 3p "$cache")" = yes ]
    return
  fi
  local usable=no t0=$SECONDS
  if [ ! -e /dev/kvm ]; then
    kvm_reason="no /dev/kvm"
  elif [ ! -w /dev/kvm ]; then
    kvm_reason="/dev/kvm is not writable"
  else
    log=$out/kvm-probe.log
    qemu_start "$log" "${boot[@]}" -accel kvm -cpu host -smp 1 -append "console=ttyS0 panic=-1 guest_probe=1"
    if qemu_wait 40 && grep -q 'ecli-guest-probe: booted' "$log"; then
      usable=yes
      kvm_reason="a probe guest booted under KVM in $((SECONDS - t0)) s"
    elif grep -q 'ecli-guest-probe: booted' "$log"; then
      usable=yes
      kvm_reason="a probe guest booted under KVM"
    else
      local why
      why=$(grep -m1 -iE 'error|assert|fail' "$log" | cut -c1-120 || true)
      [ -n "$why" ] || why="no boot within 40 s"
      kvm_reason="/dev/kvm is there but a probe guest did not boot under KVM: $why"
    fi
  fi
  printf '%s\n%s\n%s\n' "$boot_id" "$kvm_reason" "$usable" > "$cache"
  [ "$usable" = yes ]
}
kvm_reason=
case $accel_choice in
  kvm) accel=kvm; kvm_reason="asked for (-a kvm)" ;;
  tcg) accel=tcg; kvm_reason="asked for (-a tcg)" ;;
  auto) if probe_kvm 2>/dev/null; then accel=kvm; else accel=tcg; fi ;;
esac
if $probe_only; then
  echo "kvm: $([ "$accel" = kvm ] && echo usable || echo "not usable, TCG instead"): $kvm_reason"
  exit 0
fi

# Under TCG one vCPU: a second one spins in cross-CPU waits (IPIs, TLB flushes) whenever the
# host deschedules its thread, which on a busy 2-core host became minutes-long soft lockups.
# -cpu max: the AOT cache's code needs the host's newer instructions.
if [ "$accel" = kvm ]; then
  accel_args=(-accel kvm -cpu host -smp 2)
  budget=${ECLI_GUEST_BUDGET:-120}
  slow=0
else
  accel_args=(-accel tcg -cpu max -smp 1)
  budget=${ECLI_GUEST_BUDGET:-300}
  slow=1
fi
"$root/ecli-java" --version >/dev/null   # builds the jar the guest runs when it is stale
echo "guest-kernel-test: booting $release under ${accel^^} ($kvm_reason); budget $budget s" >&2
start=$SECONDS
init=$(pct_encode "$root/scripts/guest/cases.sh")
qemu_start "$out/console.log" "${boot[@]}" "${accel_args[@]}" \
  -append "console=ttyS0 quiet panic=-1 guest_init=$init guest_slow=$slow" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$out,mount_tag=out,security_model=none"
over=false
qemu_wait "$budget" "$out/results" || over=true
passed=$(grep -c '^ok ' "$out/results" 2>/dev/null || true)
failed=$(grep -c '^not ok ' "$out/results" 2>/dev/null || true)
passed=${passed:-0}
failed=${failed:-0}
if $over; then
  echo "guest-kernel-test: the guest ran past its budget of $budget s and was stopped; its console:" >&2
  tail -40 "$out/console.log" >&2
  failed=$((failed + 1))
elif ! grep -q '^# done' "$out/results" 2>/dev/null; then
  echo "guest-kernel-test: the guest did not finish; its console:" >&2
  tail -40 "$out/console.log" >&2
  failed=$((failed + 1))
fi
if [ "$failed" -gt 0 ]; then
  for f in "$out"/*.err; do [ -f "$f" ] && { echo "== $(basename "$f")"; tail -5 "$f"; }; done >&2
fi
echo "guest-kernel: $passed passed, $failed failed ($release, ${accel^^}, $((SECONDS - start)) s of $budget s)"
[ "$failed" -eq 0 ]
