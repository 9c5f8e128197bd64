#!/usr/bin/env bash
# Runs a command in a private mount namespace whose /dev has everything this host's has but
# kvm: how a host without /dev/kvm looks, for trying the test command there.
#
#   scripts/guest/without-kvm.sh CMD [ARG...]      e.g. scripts/guest/without-kvm.sh ./scripts/test.sh
#
# Needs root. Nothing outside the namespace changes (the host's devtmpfs is only bind-mounted).
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
if [ -z "${ECLI_WITHOUT_KVM:-}" ]; then
  exec env ECLI_WITHOUT_KVM=1 unshare -m --propagation private "$0" "$@"
fi
old=$(mktemp -d)
mount --rbind /dev "$old"
mount -t tmpfs -o mode=755 dev /dev
for e in "$old"/* "$old"/.[!.]*; do
  [ -e "$e" ] || [ -L "$e" ] || continue
  n=${e##*/}
  [ "$n" = kvm ] && continue
  if [ "$n" = ptmx ]; then
    # The kernel finds a ptmx node's devpts beside it, which a bind-mounted node does not
    # have: point at the devpts instance's own, as containers do.
    ln -s pts/ptmx /dev/ptmx
  elif [ -L "$e" ]; then
    cp -P "$e" "/dev/$n"
  elif [ -d "$e" ]; then
    mkdir "/dev/$n" && mount --rbind "$e" "/dev/$n"
  else
    touch "/dev/$n" && mount --bind "$e" "/dev/$n"
  fi
done
umount -l "$old"
rmdir "$old"
unset ECLI_WITHOUT_KVM
exec "$@"
