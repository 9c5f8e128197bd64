#!/usr/bin/env bash
# Runs ecli-java on a second real kernel: Debian 12's stock kernel (linux-image-amd64, 6.1)
# booted in a QEMU guest whose root is this machine's tree, shared read-only over 9p, so the
# guest runs this very checkout, JDK and libbpf. scripts/guest/cases.sh runs inside it: packages
# and examples on the guest's kernel, each decoded field checked against a process it started.
# KVM when /dev/kvm exists, else QEMU's TCG emulation (slower; about a minute here).
#
#   scripts/guest-kernel-test.sh [-k DEBIAN_KERNEL_PACKAGE]   (default: linux-image-amd64's)
#
# Needs root (apt-get, the guest's 9p export of /). The kernel package and the initramfs are
# kept in build/guest-kernel/ between runs. Exit 0 when every case passed.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
kpkg=
while getopts k:h opt; do
  case $opt in
    k) kpkg=$OPTARG ;;
    *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "guest-kernel-test: needs root" >&2; exit 1; }
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
  (cd "$work" && rm -f ./*.deb && apt-get download "$kpkg" 2>/dev/null)
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
  done | awk '$1 == "insmod" && !seen[$2]++ {print $2}' | while read -r ko; do
    cp "$ko" "$stage/lib/modules/"
    basename "$ko" >> "$stage/lib/modules/order"
  done
  (cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$initrd"
  rm -rf "$stage"
fi

"$root/ecli-java" --version >/dev/null   # builds the jar the guest runs when it is stale
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# shellcheck disable=SC2054
accel=(-accel tcg,thread=multi -cpu max)  # max: the AOT cache's code needs the host's newer instructions
[ -w /dev/kvm ] && accel=(-accel kvm -cpu host)
echo "guest-kernel-test: booting $release (${accel[1]%%,*})" >&2
start=$SECONDS
timeout 600 qemu-system-x86_64 -machine q35 "${accel[@]}" -smp 2 -m 2048 -nographic -no-reboot \
  -kernel "$work/tree/boot/vmlinuz-$release" -initrd "$initrd" \
  -append "console=ttyS0 quiet panic=-1 guest_init=$root/scripts/guest/cases.sh ecli_root=$root" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$out,mount_tag=out,security_model=none" > "$out/console.log" 2>&1 || true
passed=$(grep -c '^ok ' "$out/results" 2>/dev/null || true)
failed=$(grep -c '^not ok ' "$out/results" 2>/dev/null || true)
cat "$out/results" 2>/dev/null || true
if ! grep -q '^# done' "$out/results" 2>/dev/null; then
  echo "guest-kernel-test: the guest did not finish; its console:" >&2
  tail -40 "$out/console.log" >&2
  failed=$((failed + 1))
fi
if [ "$failed" -gt 0 ]; then
  for f in "$out"/*.err; do [ -f "$f" ] && { echo "== $(basename "$f")"; tail -5 "$f"; }; done >&2
fi
echo "guest-kernel: $passed passed, $failed failed ($release, $((SECONDS - start)) s)"
[ "$failed" -eq 0 ]
