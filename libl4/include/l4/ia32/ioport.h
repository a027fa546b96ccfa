/* SPDX-License-Identifier: MIT */
/*
 * l4/ia32/ioport.h: port I/O for user-level drivers (our extension, not
 * X.2). A port works once the space holds it as an IO fpage (A.4);
 * touching any other one is an IO page fault to the thread's pager.
 */
#pragma once
#include <stdint.h>

static inline uint8_t l4_inb(uint16_t port)
{
	uint8_t v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t l4_inw(uint16_t port)
{
	uint16_t v;
	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void l4_outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void l4_outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}
