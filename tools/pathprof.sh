#!/bin/sh
# SPDX-License-Identifier: MIT
# pathprof.sh: which functions a path's instructions are spent in.
#   tools/pathprof.sh KERNEL MODULES START STOP [HIT] [-- QEMU ARGS]
# boots KERNEL with MODULES (comma-separated, as -initrd) in QEMU halted
# for gdb, runs to the HIT-th arrival at address START (default 1), then
# single-steps to STOP and prints instructions per function (user and
# kernel symbols: the kernel and every module). It single-steps at most
# PP_LIMIT instructions (default 20000); a path longer than that is
# reported as INCOMPLETE and the script exits with status 1. PP_COND, a gdb
# expression, counts only the arrivals where it holds. Example, one page fault
# of the benchmark (addresses from objdump of build/bench/l4bench):
#   tools/pathprof.sh build/kernel.elf build/sigma0/sigma0,build/bench/l4bench \
#       0xc01931 0xc01933 3
set -eu
kernel=$1 modules=$2 start=$3 stop=$4 hit=${5:-1}
"$(dirname "$0")/deps.sh" qemu-system-x86 gdb
port=$((20000 + $$ % 10000))
qemu-system-i386 -m 128 -display none -serial file:/dev/null -monitor none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -icount shift=0,sleep=off \
	-gdb tcp::$port -S -kernel "$kernel" -initrd "$modules" &
q=$!
trap 'kill $q 2>/dev/null; wait $q 2>/dev/null || true' EXIT
sleep 0.5
out=$(PP_START=$start PP_STOP=$stop PP_HIT=$hit PP_PORT=$port PP_COND="${PP_COND:-}" \
PP_ELFS="$kernel,$(echo "$modules" | tr , ' ' | xargs -n1 | paste -sd,)" \
	gdb -q -batch -nx -x "$(dirname "$0")/pathprof.py" 2>&1 | grep -v '^\[\|^warning\|^0x')
echo "$out"
case $out in *"pathprof: INCOMPLETE"*) exit 1 ;; esac
