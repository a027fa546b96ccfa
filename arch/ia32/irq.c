// SPDX-License-Identifier: MIT
/*
 * irq.c: the machine side of user interrupt lines (irq.h). Every line but
 * the timer's and the cascade gets the same entry: mask the line,
 * acknowledge it at the PIC, and let the generic kernel deliver it.
 * Masking before the EOI is what keeps a level-triggered or chattering
 * device from re-entering while its handler has not answered.
 */
#include "irq.h"
#include "pic.h"
#include "trapframe.h"
#include "machine.h"
#include "x86.h"
#include "../../kernel/interrupt.h"

uint64_t irq_last_arrival;

bool arch_irq_usable(unsigned irq)
{
	return irq < IRQ_COUNT && irq != 0 && irq != 2;
}

void arch_irq_mask(unsigned irq)
{
	pic_mask(irq);
}

void arch_irq_unmask(unsigned irq)
{
	pic_unmask(irq);
}

static void user_line(unsigned irq, struct trap_frame *f)
{
	(void)f;
	irq_last_arrival = machine_cycles();
	pic_mask_eoi(irq);
	interrupt_raised(irq);
}

/* The kernel acknowledges every line before it leaves the interrupt, so
 * while it runs a system call no line is in service: the vector taken
 * here finds its in-service bit clear and is counted as spurious. */
bool arch_irq_masked(unsigned irq)
{
	return pic_masks() >> irq & 1;
}

bool arch_irq_raise_spurious(unsigned irq)
{
	if (irq == 7)
		soft_int(IRQ_BASE_VECTOR + 7);
	else if (irq == 15)
		soft_int(IRQ_BASE_VECTOR + 15);
	else
		return false;
	return true;
}

void arch_irq_init(void)
{
	for (unsigned irq = 0; irq < IRQ_COUNT; irq++)
		if (arch_irq_usable(irq))
			irq_register(irq, user_line);
}
