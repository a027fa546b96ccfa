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

struct tcb_arch {
	uint32_t ksp;           /* saved kernel esp while switched out */
	bool need_iret;         /* leave by iret: EFLAGS, IP or SP were set */
	bool edi_in_frame;      /* moved off the fast path's park: the frame's
	                           EDI is complete (uctx_leave_by_iret) */
	void *fpu_area;         /* FXSAVE area from its first FPU use, or NULL (fpu.c) */
};
