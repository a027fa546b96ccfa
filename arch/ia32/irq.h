/* SPDX-License-Identifier: MIT */
/*
 * irq.h: the interrupt lines user handlers may have (everything but the
 * kernel's timer, IRQ 0, and the PIC cascade, IRQ 2), as the generic
 * interrupt code (kernel/interrupt.c) sees them. A line raised is masked
 * and acknowledged at the PIC before interrupt_raised() runs; it stays
 * masked until arch_irq_unmask. While masked, the PIC still latches a new
 * edge, so an interrupt that comes meanwhile is raised on the unmask.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

bool arch_irq_usable(unsigned irq);
void arch_irq_mask(unsigned irq);
void arch_irq_unmask(unsigned irq);
/* Installs the kernel's entry for every usable line (all masked). */
void arch_irq_init(void);
/* Makes the CPU take line 7's or 15's vector with nothing in service at
 * the PIC, which is what a spurious interrupt looks like (a KDB call, for
 * tests). False for any other line. */
bool arch_irq_raise_spurious(unsigned irq);
/* Time stamp (machine_cycles) of the last interrupt entry, for the
 * irq_to_user benchmark. */
extern uint64_t irq_last_arrival;
/* Interrupts taken per line since boot (spurious ones not counted). */
extern uint32_t irq_arrivals[16];
/* Whether the line is masked at the interrupt controller. */
bool arch_irq_masked(unsigned irq);
