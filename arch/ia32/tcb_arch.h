/* SPDX-License-Identifier: MIT */
/*
 * tcb_arch.h: the machine part of a TCB. The user context lives in the
 * trap frame at the top of the thread's kernel stack; here are the kernel
 * stack pointer of a switched-out thread and what a switch to the thread
 * loads. sysenter.asm reads ksp (asm-offsets).
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

/* The IPC fast path parks a thread at its TCB (tcb.h's park_resume): what
 * switch_context pops, four words and the address it returns to; a parked
 * thread whose frame is changed moves to a park of the same five words
 * right below its frame (uctx_leave_by_iret). ThreadSwitch's park
 * (tswitch.asm): TS_PARK_SIZE bytes below the frame (and its moved one,
 * a word lower). */
#define TS_PARK_SIZE    28
/* A.10's GS (gdt.h's SEL_UTCB), beside local_id in the TCB (tcb.h). */
#define TCB_UTCB_SELECTOR ((6u << 3) | 3)
/* gdt.h's SEL_KDATA and SEL_UDATA, for the far pointers below. */
#define TCB_KDATA_SELECTOR (2u << 3)
#define TCB_UDATA_SELECTOR ((4u << 3) | 3)

/* Far pointers (an offset, then a selector) that the IPC fast path loads
 * a general register and a segment register from, by one les or lds
 * (sysenter.asm, for a message of some words). */
struct far_ptr {
	uint32_t offset;
	uint16_t selector;
	uint16_t unused;
};

struct tcb_arch {
	uint32_t ksp;           /* saved kernel esp while switched out */
	bool need_iret;         /* leave by iret: EFLAGS, IP or SP were set */
	bool edi_in_frame;      /* moved off the fast path's park: the frame's
	                           EDI is complete (uctx_leave_by_iret) */
	void *fpu_area;         /* FXSAVE area from its first FPU use, or NULL (fpu.c) */
	/* The kernel address of its MR3 (its UTCB's MR0 + 12) and the
	 * kernel's data selector: where the fast path copies words to. */
	struct far_ptr mr3;
	/* The fast path keeps a sender's MR0 here while it copies words,
	 * with A.10's DS: the exit takes both back. */
	struct far_ptr mr0_save;
};

/* Its UTCB is at utcb (the kernel address of MR0): tcb_set_utcb. */
static inline void tcb_arch_set_utcb(struct tcb_arch *a, char *utcb)
{
	a->mr3 = (struct far_ptr){ (uint32_t)(utcb + 12), TCB_KDATA_SELECTOR, 0 };
	a->mr0_save = (struct far_ptr){ 0, TCB_UDATA_SELECTOR, 0 };
}
