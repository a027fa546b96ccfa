/* SPDX-License-Identifier: MIT */
/* pic.h: the two 8259A interrupt controllers, remapped to vectors 32-47. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "x86.h"

#define IRQ_BASE_VECTOR  32
#define IRQ_COUNT        16

void pic_init(void);
void pic_mask(unsigned irq);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define PIC_EOI    0x20

/* The lines masked (bit n for IRQ n), as last written to the chips. */
extern uint16_t pic_mask_bits;

/* Masks irq and ends its interrupt, on the path of every user line's
 * arrival (inline): only the chip of the line gets its new mask (the
 * other's is as it was), then the end of interrupt (the slave's, then the
 * master's, for its cascade line). */
static inline void pic_mask_eoi(unsigned irq)
{
	pic_mask_bits |= (uint16_t)(1u << irq);
	if (irq >= 8) {
		outb(PIC2_DATA, (uint8_t)(pic_mask_bits >> 8));
		outb(PIC2_CMD, PIC_EOI);
	} else {
		outb(PIC1_DATA, (uint8_t)pic_mask_bits);
	}
	outb(PIC1_CMD, PIC_EOI);
}
/* The lines masked: bit n for IRQ n. */
uint16_t pic_masks(void);
/* The in-service registers: master in bits 0-7, slave in 8-15. */
uint16_t pic_in_service(void);
/* True when irq 7 or 15 was raised without being in service (spurious). */
bool pic_is_spurious(unsigned irq);
