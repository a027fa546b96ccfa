#!/bin/bash
# SPDX-License-Identifier: MIT
# bochs.sh: boot an ISO image in Bochs 2.7 (Debian) without a window or a
# terminal. Debian's Bochs has no "nogui" display and stops at its debugger
# prompt, so it runs with the curses "term" display inside a pseudo-terminal
# made by script(1), with a debugger command file that says "c" (continue).
# COM1 goes to SERIAL_LOG. Without SERIAL_LOG the serial output is shown on
# this terminal instead (make run-bochs). The kernel ends the simulation by
# writing "Shutdown" to port 0x8900: exit status 0. After TIMEOUT seconds
# (0: never) Bochs is killed: status 124. Anything else that stops Bochs (a
# triple fault, a Bochs panic): status 1. Bochs's own log: SERIAL_LOG with
# .bochs.log in place of .log (or BOCHS_LOG). No Bochs process outlives this
# script, however it ends. With BOCHS_DISK set to a raw image of 2 x 16 x
# 63 sectors, that image is the primary master disk and the CD-ROM moves to
# the primary slave (the ATA driver's test).
#   usage: tools/bochs.sh ISO [SERIAL_LOG] [TIMEOUT]
set -u
[ $# -ge 1 ] || { echo "usage: $0 ISO [SERIAL_LOG] [TIMEOUT]" >&2; exit 2; }
iso=$(realpath "$1") || exit 2
serial=${2:-}
limit=${3:-0}
show=0
[ -n "$serial" ] || show=1

work=$(mktemp -d "${TMPDIR:-/tmp}/bochs.XXXXXX")
[ -n "$serial" ] || serial=$work/serial.log
serial=$(realpath -m "$serial")
log=${BOCHS_LOG:-${serial%.log}.bochs.log}
[ "$show" = 0 ] || log=${BOCHS_LOG:-$work/bochs.log}
mkdir -p "$(dirname "$serial")"
: > "$serial"

first() { for f in "$@"; do [ -r "$f" ] && { echo "$f"; return; }; done; echo "$1"; }
bios=$(first /usr/share/bochs/BIOS-bochs-latest)
vgabios=$(first /usr/share/vgabios/vgabios.bin /usr/share/bochs/VGABIOS-lgpl-latest)

drives="ata0-master: type=cdrom, path=\"$iso\", status=inserted"
if [ -n "${BOCHS_DISK:-}" ]; then
	drives="ata0-master: type=disk, path=\"$(realpath "$BOCHS_DISK")\", mode=flat, cylinders=2, heads=16, spt=63
ata0-slave: type=cdrom, path=\"$iso\", status=inserted"
fi
cat > "$work/bochsrc" <<RC
megs: 128
romimage: file=$bios
vgaromimage: file=$vgabios
$drives
boot: cdrom
com1: enabled=1, mode=file, dev=$work/serial.fifo
com2: enabled=1, mode=file, dev=$work/serial.fifo
mouse: enabled=0
clock: sync=none, time0=local
cpu: reset_on_triple_fault=0
display_library: term
log: $log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
RC
# The debugger's commands: continue; quit if it ever stops again.
printf 'c\nq\n' > "$work/cmds"

spid="" tpid="" cpid=""
bochs_pid() { cat "$work/pid" 2>/dev/null; }
kill_bochs() {
	# Bochs's term display catches SIGTERM and carries on: kill it outright
	# (the serial file is written unbuffered). script then reaps it and exits.
	if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
		b=$(bochs_pid)
		[ -z "$b" ] || kill -KILL "$b" 2>/dev/null
		for _ in $(seq 30); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$spid" 2>/dev/null
	fi
}
# The FIFO's reader ends when the last writer closes; a Bochs that never
# opened it leaves the reader waiting for one, so open it once ourselves.
end_log() {
	[ -n "$cpid" ] || return 0
	kill -0 "$cpid" 2>/dev/null && timeout 1 sh -c ": > '$work/serial.fifo'" 2>/dev/null
	wait "$cpid" 2>/dev/null
	cpid=""
}
cleanup() {
	kill_bochs
	end_log
	[ -z "$tpid" ] || { sleep 0.3; kill "$tpid" 2>/dev/null; }
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# COM1 (the kernel debugger) and COM2 (the console driver) write one
# FIFO, in the order the bytes leave the UARTs; its reader keeps the log.
mkfifo "$work/serial.fifo"
cat "$work/serial.fifo" > "$serial" &
cpid=$!

# The shell inside script records Bochs's pid, then becomes Bochs. Its
# screen (curses escape sequences) is of no use and goes nowhere.
TERM=vt100 script -qec "echo \$\$ > '$work/pid'; exec bochs -q -f '$work/bochsrc' -rc '$work/cmds'" \
	/dev/null < /dev/null > /dev/null 2>&1 &
spid=$!
if [ "$show" = 1 ]; then
	tail -n +1 -f --pid="$spid" "$serial" &
	tpid=$!
fi

now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((t / 1000)); }
status=0
deadline=$(($(now_ms) + limit * 1000))
while kill -0 "$spid" 2>/dev/null; do
	if [ "$limit" -gt 0 ] && [ "$(now_ms)" -ge "$deadline" ]; then
		echo "bochs.sh: no shutdown within $limit s; killing Bochs" >&2
		status=124
		kill_bochs
		break
	fi
	sleep 0.2
done
if [ "$status" = 0 ]; then
	wait "$spid"
	# Bochs reports the guest's shutdown request as a "panic" (status 1).
	if grep -q 'Shutdown port: shutdown requested' "$log" 2>/dev/null; then
		status=0
	else
		echo "bochs.sh: Bochs stopped without a shutdown request:" >&2
		grep -a 'PANIC' "$log" 2>/dev/null | tail -n 3 >&2
		status=1
	fi
fi
# Bochs has closed the FIFO (or is dead): the log is complete.
end_log
if [ -n "$tpid" ]; then
	wait "$tpid" 2>/dev/null   # tail shows the last bytes, then sees script gone
	tpid=""
fi
exit "$status"
