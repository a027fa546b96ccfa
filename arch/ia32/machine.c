// SPDX-License-Identifier: MIT
/*
 * machine.c: leaving the emulator, interrupt enable state, idling.
 */
#include "machine.h"
#include "x86.h"

#define QEMU_DEBUG_EXIT_PORT   0xF4
#define BOCHS_SHUTDOWN_PORT    0x8900
#define EFLAGS_IF              0x200

void machine_exit(enum exit_status st)
{
	cli();
	outb(QEMU_DEBUG_EXIT_PORT, (uint8_t)st);
	/* Bochs: the string "Shutdown" on port 0x8900 ends the simulation. */
	for (const char *s = "Shutdown"; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
	for (;;)
		hlt();
}

bool irq_save_disable(void)
{
	bool was = read_eflags() & EFLAGS_IF;
	cli();
	return was;
}

void irq_restore(bool was_enabled)
{
	if (was_enabled)
		sti();
}

void irq_enable(void)
{
	sti();
}

void machine_idle(void)
{
	sti_hlt();
}

uint64_t machine_cycles(void)
{
	return rdtsc();
}

void machine_idle_once(void)
{
	sti_hlt();
	cli();
}

void machine_irq_window(void)
{
	__asm__ volatile("sti; nop; cli" ::: "memory");
}
