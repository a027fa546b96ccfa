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
#define PIT_CH2      0x42
#define PORT_B       0x61               /* bit 0: channel 2's gate, bit 5: its output */
#define MEASURE_MS   10

static uint32_t cpu_khz;

static void timer_irq(unsigned irq, struct trap_frame *f)
{
	pic_eoi(irq);
	clock_tick();
	if (CONFIG_KDB)
		kdb_arch_poll_break(f);         /* the break key (kdb_arch.c) */
}

/* The time stamp counter's rate against the PIT: channel 2 counts down
 * MEASURE_MS milliseconds once (mode 0, its gate opened through port B,
 * the speaker off), and the TSC runs meanwhile. Under QEMU's -icount
 * the TSC counts instructions and virtual time runs with them, so the
 * figure is the emulated CPU's (1 GHz with shift=0). At boot, before
 * any program may hold port B. */
static uint32_t measure_cpu_khz(void)
{
	uint32_t count = PIT_HZ / 1000 * MEASURE_MS;
	uint8_t b = inb(PORT_B);
	outb(PORT_B, (uint8_t)((b & ~0x02) | 0x01));    /* gate on, speaker off */
	outb(PIT_CMD, 0xB0);                    /* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	uint64_t t0 = rdtsc();
	uint32_t spins = 0;
	while (!(inb(PORT_B) & 0x20) && ++spins < 100000000u)
		;
	uint64_t t1 = rdtsc();
	outb(PORT_B, b);
	if (!(inb(PORT_B) & 0x20) && spins >= 100000000u)
		return 0;                       /* no channel 2: unknown */
	return (uint32_t)((t1 - t0) / MEASURE_MS);
}

uint32_t timer_cpu_khz(void)
{
	return cpu_khz;
}

void timer_init(void)
{
	cpu_khz = measure_cpu_khz();
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
