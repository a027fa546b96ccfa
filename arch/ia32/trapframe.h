/* SPDX-License-Identifier: MIT */
/*
 * trapframe.h: the frame trap_common (trapentry.asm) builds on the kernel
 * stack. The offsets are pinned by _Static_assert in trap.c and exported to
 * NASM through asm-offsets.
 */
#pragma once
#include <stdint.h>

struct trap_frame {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_pushad, ebx, edx, ecx, eax;
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
	uint32_t user_esp, user_ss;     /* valid only when (cs & 3) == 3 */
};

/* Virtual-8086 mode: never a thread's (trapentry.asm). */
#define EFLAGS_VM 0x20000u

static inline int trap_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) == 3;
}

void trap_init(void);
/* Called by trap_common (trapentry.asm) for every vector. */
void trap_dispatch(struct trap_frame *f);
/* Opens vector v to user mode (int from ring 3), for system-call gates. */
void trap_set_user_gate(unsigned v);
void trap_set_user_entry(unsigned v, void (*entry)(void));
/* Exceptions and system calls from user mode (syscall.c). */
void user_trap(struct trap_frame *f);
/* The gate back to user mode: preemption, and the IP/SP check. */
void user_return_check(struct trap_frame *f);
/* Prints a backtrace following saved frame pointers from (eip, ebp). */
void backtrace_from(uint32_t eip, uint32_t ebp);
/* Prints all registers of a frame and the backtrace from it. */
void trap_dump(const struct trap_frame *f);

/* An interrupt line handler; returns nothing, runs with interrupts off. */
typedef void (*irq_handler_t)(unsigned irq, struct trap_frame *f);
/* Installs h for the line; returns the handler it replaces. */
irq_handler_t irq_register(unsigned irq, irq_handler_t h);
