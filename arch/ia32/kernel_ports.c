// SPDX-License-Identifier: MIT
/*
 * kernel_ports.c: the I/O ports the kernel drives (kernel_ports.h). Every
 * inb/outb of arch/ia32 goes to one of these ranges; a driver that adds
 * one adds its range here. Port 0x80 (io_delay's POST port) is not in
 * the list: writes to it have no effect, and user drivers use it too.
 */
#include "kernel_ports.h"
#include "../../kernel/kip.h"

static const struct port_range {
	uint16_t first, last;
} kernel_ports[] = {
	{ 0x0020, 0x0021 },     /* master PIC (pic.c): vectors, masks, EOI */
	{ 0x0040, 0x0043 },     /* PIT (timer.c): the scheduler's tick */
	{ 0x00A0, 0x00A1 },     /* slave PIC (pic.c) */
	{ 0x00F4, 0x00F7 },     /* QEMU isa-debug-exit (machine.c): ends the run */
	{ 0x03F8, 0x03FF },     /* COM1 (serial.c): the kernel's console */
	{ 0x8900, 0x8900 },     /* Bochs shutdown port (machine.c) */
};

#define NRANGES (sizeof kernel_ports / sizeof kernel_ports[0])

bool kernel_port_in(uint32_t port, uint32_t n)
{
	for (unsigned i = 0; i < NRANGES; i++)
		if (kernel_ports[i].first < port + n && port <= kernel_ports[i].last)
			return true;
	return false;
}

bool kernel_port(uint32_t port)
{
	return kernel_port_in(port, 1);
}

void kernel_ports_publish(void)
{
	for (unsigned i = 0; i < NRANGES; i++)
		kip_add_memdesc((uint32_t)kernel_ports[i].first << 10,
		                (uint32_t)kernel_ports[i].last << 10, MDESC_ARCH,
		                KIP_MDESC_KERNEL_PORTS, false);
}
