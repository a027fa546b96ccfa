// SPDX-License-Identifier: MIT
/*
 * iofault.c: which port a faulting I/O instruction wanted. A user #GP
 * with error code 0 at IN, OUT, INS or OUTS (after prefixes) is a port
 * the space does not hold (user code runs with IOPL 0, so the TSS bitmap
 * decides); the port is the immediate or DX, the width 1, 2 or 4 bytes.
 * Anything else stays an exception.
 */
#include "fault_ipc.h"
#include "machine.h"
#include "layout.h"

static bool user_byte(uint32_t va, uint8_t *out)
{
	uint32_t w;
	if (va >= USER_LIMIT - 4 || !probe_read32(va & ~3u, &w))
		return false;
	*out = (uint8_t)(w >> ((va & 3) * 8));
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
	unsigned width;                 /* log2 of the bytes */
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
	width = (op & 1) ? (opsize16 ? 1 : 2) : 0;
	/* An IO fpage is aligned to its size: an unaligned access asks for
	 * its first port, and faults again for the next. */
	if (port & ((1u << width) - 1))
		width = 0;
	io_fault_ipc(f, port, width);
	return true;
}
