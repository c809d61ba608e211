#!/bin/sh
# Checks the netns network's kernel-delay (sch_netem) path on a Debian kernel that has netem, for machines
# whose own kernel has none (like this project's CI kernel). Boots that kernel in qemu with this machine's
# root filesystem shared read-only over 9p, and runs check.mjs (a real 2-node netns cluster) inside.
# Needs root, apt (qemu-system-x86, cpio; the kernel and busybox packages are only downloaded and
# unpacked here, never installed) and a built dist/ (npm run build). Output: the CHECK JSON of check.mjs.
# Without KVM (or with a nested KVM that hangs) it runs under TCG: ~2 min to boot, ~5 min in all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=${NETEM_VM_DIR:-/tmp/hh-netem-vm}
mkdir -p "$work" && cd "$work"
command -v qemu-system-x86_64 >/dev/null || apt-get install -y -q --no-install-recommends qemu-system-x86
command -v cpio >/dev/null || apt-get install -y -q cpio
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image/{print $2; exit}')
[ -n "$(ls linux-image-*.deb 2>/dev/null)" ] || apt-get download "$kpkg"
[ -n "$(ls busybox-static_*.deb 2>/dev/null)" ] || apt-get download busybox-static
rm -rf k bb initrd && mkdir -p k bb
dpkg-deb -x linux-image-*.deb k && dpkg-deb -x busybox-static_*.deb bb
ver=$(ls k/lib/modules) && mods=k/lib/modules/$ver/kernel
mkdir -p initrd/bin initrd/sbin initrd/proc initrd/sys initrd/dev initrd/host initrd/mods "initrd/lib/modules/$ver"
cp bb/bin/busybox initrd/bin/
# Loaded at boot: what the 9p root and the netns network need. sch_netem is left to the kernel's own
# module autoload, so the harness's probe sees what a distro kernel gives it.
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet \
  9pnet_virtio 9p llc stp bridge veth sch_htb cls_bpf; do
  cp "$(find "$mods" -name "$m.ko" | head -1)" initrd/mods/ && echo "$m" >>initrd/mods/order
done
mkdir -p "initrd/lib/modules/$ver/kernel/net/sched"
cp "$mods/net/sched/sch_netem.ko" "initrd/lib/modules/$ver/kernel/net/sched/"
sed "s|@REPO@|$repo|g" "$here/init" >initrd/init && chmod +x initrd/init
sed "s|@REPO@|$repo|g" "$here/check.mjs" >initrd/check.mjs
(cd initrd && find . | cpio -o -H newc 2>/dev/null | gzip -1) >initrd.gz
accel=tcg
[ "${NETEM_VM_KVM:-0}" = 1 ] && [ -e /dev/kvm ] && accel=kvm
timeout 1200 qemu-system-x86_64 -accel $accel -m 2048 -smp 2 -kernel k/boot/vmlinuz-* -initrd initrd.gz \
  -append "console=ttyS0 panic=-1 loglevel=4" -nographic -no-reboot -nic none \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap |
  tr -d '\r' | sed -n '/^VM: kernel/,/^VM-DONE/p'
