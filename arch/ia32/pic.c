// SPDX-License-Identifier: MIT
/*
 * pic.c: the 8259A pair. Master at vectors 32-39, slave at 40-47 cascaded
 * on line 2. All lines start masked; drivers unmask what they use.
 * Spurious interrupts (lines 7 and 15 with the in-service bit clear) are
 * recognised so they are neither acknowledged on the wrong chip nor
 * delivered.
 */
#include "pic.h"
#include "x86.h"

#define PIC_EOI_SPECIFIC 0x60           /* OCW2: end of this line only */
#define PIC_READ_ISR 0x0B

uint16_t pic_mask_bits = 0xFFFF & ~(1u << 2);   /* cascade line open */

static void write_masks(void)
{
	outb(PIC1_DATA, pic_mask_bits & 0xFF);
	outb(PIC2_DATA, pic_mask_bits >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, 0x11);  io_delay();      /* ICW1: edge, cascade, ICW4 */
	outb(PIC2_CMD, 0x11);  io_delay();
	outb(PIC1_DATA, IRQ_BASE_VECTOR);      io_delay();
	outb(PIC2_DATA, IRQ_BASE_VECTOR + 8);  io_delay();
	outb(PIC1_DATA, 0x04); io_delay();      /* slave on line 2 */
	outb(PIC2_DATA, 0x02); io_delay();      /* cascade identity */
	outb(PIC1_DATA, 0x01); io_delay();      /* 8086 mode */
	outb(PIC2_DATA, 0x01); io_delay();
	write_masks();
}

void pic_mask(unsigned irq)
{
	pic_mask_bits |= (uint16_t)(1u << irq);
	write_masks();
}

void pic_unmask(unsigned irq)
{
	pic_mask_bits &= (uint16_t)~(1u << irq);
	write_masks();
}

uint16_t pic_masks(void)
{
	return pic_mask_bits;
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

uint16_t pic_in_service(void)
{
	outb(PIC1_CMD, PIC_READ_ISR);
	outb(PIC2_CMD, PIC_READ_ISR);
	return (uint16_t)(inb(PIC1_CMD) | inb(PIC2_CMD) << 8);
}

bool pic_is_spurious(unsigned irq)
{
	if (irq == 7) {
		outb(PIC1_CMD, PIC_READ_ISR);
		return !(inb(PIC1_CMD) & 0x80);
	}
	if (irq == 15) {
		outb(PIC2_CMD, PIC_READ_ISR);
		if (!(inb(PIC2_CMD) & 0x80)) {
			/* The master delivered the cascade and holds line 2 in
			 * service: end exactly that line, never another. */
			outb(PIC1_CMD, PIC_EOI_SPECIFIC | 2);
			return true;
		}
	}
	return false;
}
