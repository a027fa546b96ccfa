// SPDX-License-Identifier: MIT
/*
 * clock.c: the kernel clock. Ticks come from the arch timer; microseconds
 * add the position inside the current tick so that SystemClock is finer
 * than the tick.
 */
#include "clock.h"
#include "sched.h"
#include "../arch/ia32/timer.h"
#include "../arch/ia32/machine.h"

static volatile uint64_t ticks;
static uint64_t last_us;                /* clock_us never goes backwards */

void clock_tick(void)
{
	ticks++;
	if (current)
		sched_tick();
}

uint64_t clock_ticks(void)
{
	bool was = irq_save_disable();
	uint64_t t = ticks;
	irq_restore(was);
	return t;
}

uint64_t clock_us(void)
{
	bool was = irq_save_disable();
	uint64_t t = ticks;
	uint32_t frac = timer_us_in_tick();
	uint64_t us = t * (1000000u / TIMER_HZ) + frac;
	/* The counter may have wrapped with the tick still pending. */
	if (us < last_us)
		us = last_us;
	last_us = us;
	irq_restore(was);
	return us;
}
