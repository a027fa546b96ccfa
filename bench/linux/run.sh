#!/bin/sh
# SPDX-License-Identifier: MIT
# Boot VMLINUZ with INITRAMFS (lbench as /init) in QEMU, TCG with icount:
# the guest's TSC advances by one per instruction, so the benchmark reads
# instructions. The serial console goes to the terminal and to OUTPUT, after
# a first line naming the QEMU that ran it. Fails if QEMU does not end by
# itself (the guest powers off) within the time limit.
#   usage: bench/linux/run.sh VMLINUZ INITRAMFS OUTPUT
set -eu
kernel=$1 initrd=$2 out=$3
echo "LBENCH-HOST qemu $(qemu-system-x86_64 --version | head -n 1)" > "$out"
# stdin from /dev/null: -nographic would otherwise read the terminal, and
# timeout runs QEMU in a process group of its own, where that stops it.
# The RTC starts at a fixed date and runs on virtual time: the kernel mixes
# the date into its random seed, and address-space layout changes a few
# figures by up to 3%; so every run boots the same way and reads the same.
# panic=-1: a kernel panic reboots at once, and -no-reboot turns that into
# QEMU's exit, instead of waiting for the time limit.
{
	timeout 600 qemu-system-x86_64 -icount shift=0,sleep=off -nographic \
		-no-reboot -m 512 -rtc base=2020-01-01T00:00:00,clock=vm \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1" </dev/null
	echo $? > "$out.rc"
} | tee -a "$out"
rc=$(cat "$out.rc")
rm -f "$out.rc"
[ "$rc" = 0 ] || { echo "run.sh: QEMU ended with status $rc (124: time limit)" >&2; exit 1; }
