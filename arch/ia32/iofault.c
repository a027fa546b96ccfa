// SPDX-License-Identifier: MIT
/*
 * iofault.c: which ports a faulting I/O instruction wanted. A user #GP
 * with error code 0 at IN, OUT, INS or OUTS (after prefixes) is a port
 * the space does not hold (user code runs with IOPL 0, so the TSS bitmap
 * decides); the port is the immediate or DX, the width 1, 2 or 4 bytes,
 * and the CPU wants every port of the access.
 *
 * The IO-fault message carries an IO fpage (A.4), which is aligned to its
 * size. An aligned access asks for its own ports, all of them, in one
 * fault. An unaligned one (inw at an odd port) fits no fpage that covers
 * only its ports; it asks for the largest aligned fpage that starts at
 * the first port the space lacks and stays inside the access, and the
 * retry faults for the rest: every fault makes progress, and no pager is
 * asked for a port the instruction does not touch.
 *
 * The instruction is read through the thread's own segments (a small
 * space's EIP is an offset in its slot, not a linear address), by the
 * fault-safe reader every kernel read of user memory goes through.
 * An access that touches a port of the kernel's (kernel_ports.h), or runs
 * past port 0xFFFF, can never be granted: it stays an exception, for the
 * exception handler, instead of a fault no pager could resolve.
 */
#include "fault_ipc.h"
#include "machine.h"
#include "uctx.h"
#include "kernel_ports.h"
#include "../../kernel/kernel.h"
#include "../../kernel/iofpage.h"

static bool user_byte(uint32_t va, uint8_t *out)
{
	uint32_t w;
	if (!uctx_peek_user(va & ~3u, &w))
		return false;
	*out = (uint8_t)(w >> ((va & 3) * 8));
	return true;
}

/* The IO fpage (as port and log2 of its size) to ask for, for an access
 * of 'bytes' ports at 'port' by space s; false if s holds them all. */
static bool ports_wanted(const struct space *s, uint32_t port, uint32_t bytes,
                         uint32_t *base, unsigned *log2)
{
	if (!(port & (bytes - 1))) {
		for (uint32_t p = port; p < port + bytes; p++)
			if (!iofpage_holds(s, p)) {
				*base = port;
				*log2 = (unsigned)__builtin_ctz(bytes);
				return true;
			}
		return false;
	}
	uint32_t first = port;
	while (first < port + bytes && iofpage_holds(s, first))
		first++;
	if (first == port + bytes)
		return false;
	unsigned n = 0;
	while (!(first & (1u << n)) && first + (2u << n) <= port + bytes)
		n++;
	*base = first;
	*log2 = n;
	return true;
}

bool io_fault(struct trap_frame *f)
{
	bool opsize16 = false;
	uint8_t op = 0;
	uint32_t ip = f->eip;
	for (int i = 0; i < 5; i++, ip++) {
		if (!user_byte(ip, &op))
			return false;
		if (op == 0x66)
			opsize16 = true;
		else if (!(op == 0xF2 || op == 0xF3 || op == 0x26 || op == 0x2E || op == 0x36 ||
		           op == 0x3E || op == 0x64 || op == 0x65 || op == 0x67))
			break;
	}
	uint32_t port;
	switch (op) {
	case 0xE4: case 0xE5: case 0xE6: case 0xE7: {
		uint8_t imm;
		if (!user_byte(ip + 1, &imm))
			return false;
		port = imm;
		break;
	}
	case 0xEC: case 0xED: case 0xEE: case 0xEF:
	case 0x6C: case 0x6D: case 0x6E: case 0x6F:
		port = f->edx & 0xFFFF;
		break;
	default:
		return false;
	}
	uint32_t bytes = (op & 1) ? (opsize16 ? 2 : 4) : 1;
	if (port + bytes > IO_PORTS || kernel_port_in(port, bytes))
		return false;
	uint32_t base;
	unsigned log2;
	if (!ports_wanted(current->space, port, bytes, &base, &log2)) {
		/* Held, but the bitmap the CPU saw was stale: present it. */
		io_bitmap_load(current->space->io);
		return true;
	}
	io_fault_ipc(f, base, log2);
	return true;
}
