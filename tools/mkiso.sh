#!/bin/sh
# SPDX-License-Identifier: MIT
# mkiso.sh: build a BIOS-bootable GRUB rescue ISO (grub-mkrescue, Debian's
# grub-pc-bin) that multiboots the kernel with the given command line and
# loads the modules in the order given, each with its file name as its
# command line. GRUB talks over COM1 as well as the screen and never waits
# for a key (timeout=0), so the image boots unattended in QEMU or Bochs.
# Its serial terminal is "dumb": no escape codes that would clear the
# screen of whoever watches COM1 (make run-bochs) or land in the logs.
# A MODULE may carry words after its file name (the loader's options,
# servers/root/config.h): "build/x wait=no" puts x in the image and
# "x wait=no" on its command line.
#   usage: tools/mkiso.sh OUT.iso CMDLINE KERNEL [MODULE...]
set -eu
[ $# -ge 3 ] || { echo "usage: $0 OUT.iso CMDLINE KERNEL [MODULE...]" >&2; exit 2; }
out=$1 cmdline=$2 kernel=$3
shift 3

dir=$(mktemp -d "${TMPDIR:-/tmp}/mkiso.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/mkiso-log.XXXXXX")
trap 'rm -rf "$dir" "$log"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/kernel.elf"

# GRUB runs these commands itself, without a menu: nothing waits for a key.
# Should the kernel not boot, GRUB says so and powers the machine off (ACPI),
# which ends QEMU and Bochs instead of leaving them at a GRUB prompt.
cfg=$dir/boot/grub/grub.cfg
cat > "$cfg" <<CFG
serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1
terminfo serial dumb
terminal_input serial console
terminal_output serial console
set timeout=0
echo "grub: multiboot /boot/kernel.elf $cmdline"
multiboot /boot/kernel.elf $cmdline
CFG
for m in "$@"; do
	file=${m%% *}
	opts=${m#"$file"}
	name=$(basename "$file")
	[ ! -e "$dir/boot/$name" ] || { echo "$0: two modules named $name" >&2; exit 1; }
	cp "$file" "$dir/boot/$name"
	printf 'module /boot/%s %s%s\n' "$name" "$name" "$opts" >> "$cfg"
done
cat >> "$cfg" <<CFG
boot
echo "grub: error: the kernel did not boot; powering off"
halt
CFG

# Only the BIOS platform, no translations, fonts or themes: a small image.
# grub-mkrescue is chatty on stderr even when it works; show that only on failure.
if ! grub-mkrescue -o "$out.tmp" --locales= --fonts= --themes= "$dir" > "$log" 2>&1; then
	cat "$log" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
