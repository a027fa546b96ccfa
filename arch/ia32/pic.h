/* SPDX-License-Identifier: MIT */
/* pic.h: the two 8259A interrupt controllers, remapped to vectors 32-47. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define IRQ_BASE_VECTOR  32
#define IRQ_COUNT        16

void pic_init(void);
void pic_mask(unsigned irq);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
/* Masks irq and ends its interrupt (a user line's arrival). */
void pic_mask_eoi(unsigned irq);
/* The lines masked: bit n for IRQ n. */
uint16_t pic_masks(void);
/* The in-service registers: master in bits 0-7, slave in 8-15. */
uint16_t pic_in_service(void);
/* True when irq 7 or 15 was raised without being in service (spurious). */
bool pic_is_spurious(unsigned irq);
