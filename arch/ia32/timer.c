// SPDX-License-Identifier: MIT
/*
 * timer.c: PIT channel 0 as a rate generator at TIMER_HZ. Each tick calls
 * the generic clock_tick(); the scheduler's time slices hang off that.
 */
#include "timer.h"
#include "pic.h"
#include "trapframe.h"
#include "x86.h"
#include "kdb_arch.h"
#include "../../kernel/clock.h"
#include "../../kernel/kdb.h"

#define PIT_HZ       1193182u
#define PIT_CH0      0x40
#define PIT_CMD      0x43
#define PIT_DIVISOR  ((PIT_HZ + TIMER_HZ / 2) / TIMER_HZ)

static void timer_irq(unsigned irq, struct trap_frame *f)
{
	pic_eoi(irq);
	clock_tick();
	if (CONFIG_KDB)
		kdb_arch_poll_break(f);         /* the break key (kdb_arch.c) */
}

void timer_init(void)
{
	outb(PIT_CMD, 0x34);                    /* channel 0, lo/hi, mode 2 */
	outb(PIT_CH0, PIT_DIVISOR & 0xFF);
	outb(PIT_CH0, PIT_DIVISOR >> 8);
	irq_register(0, timer_irq);
	pic_unmask(0);
}

uint32_t timer_us_in_tick(void)
{
	outb(PIT_CMD, 0x00);                    /* latch channel 0 */
	uint32_t lo = inb(PIT_CH0);
	uint32_t count = lo | (uint32_t)inb(PIT_CH0) << 8;
	if (count > PIT_DIVISOR)
		count = PIT_DIVISOR;
	return (PIT_DIVISOR - count) * 1000000u / PIT_HZ;
}
