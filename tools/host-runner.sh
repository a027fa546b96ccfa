#!/bin/sh
# SPDX-License-Identifier: MIT
# Prints how this host runs the 32-bit host tests: nothing when it executes
# them itself, "qemu-i386" when its Linux kernel has no 32-bit support
# (installed from Debian's qemu-user then). Decided by trying PROBE (built
# from test/host/probe32.c, exits 42), never by the machine's name.
#   usage: tools/host-runner.sh PROBE
probe=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
abs=$(cd "$(dirname "$probe")" && pwd)/$(basename "$probe")
# Run from an empty folder: should the shell take the ELF file for a
# script, whatever it writes lands there, not in the source tree.
status() { (cd "$tmp" && "$@" >/dev/null 2>&1); echo $?; }
if [ "$(status "$abs")" = 42 ]; then
	exit 0
fi
tools/deps.sh qemu-user >&2 || exit 1
if [ "$(status qemu-i386 "$abs")" = 42 ]; then
	echo qemu-i386
	exit 0
fi
echo "host-runner.sh: this host runs 32-bit programs neither itself nor under qemu-i386" >&2
exit 1
