// SPDX-License-Identifier: MIT
/*
 * uctx.c: user contexts and thread switching on ia32. A thread's user
 * registers are the trap frame at the top of its kernel stack, whichever
 * way it entered (trap gate or sysenter).
 */
#include "uctx.h"
#include "gdt.h"
#include "trapframe.h"
#include "x86.h"
#include "fpu.h"
#include "../../kernel/space.h"
#include "../../kernel/kernel.h"

#define EFLAGS_IF     0x200u
#define EFLAGS_USER   0x0CD5u   /* CF PF AF ZF SF DF OF: what users may set */

uint32_t cr3_loads, segment_reloads;
uint32_t fastpath_same_space, fastpath_cr3, fastpath_other, fastpath_small;
struct space *loaded_space;
uint32_t user_switch_key = LARGE_SEG_KEY;     /* gdt_init's table, no ports (iobitmap.h) */
_Static_assert(LARGE_SEG_KEY < SWITCH_KEY_PORTS, "seg_key bits 10..21 are free");

extern char thread_first_entry[];
extern char fastpath_resume[], fastpath_resume_moved[], ts_resume[], ts_resume_moved[];

void uctx_init(struct tcb *t, uint32_t ip, uint32_t sp)
{
	struct trap_frame *f = uctx_frame(t);
	memset(f, 0, sizeof *f);
	f->ds = f->es = f->fs = SEL_UDATA;
	f->gs = SEL_UTCB;
	f->cs = SEL_UCODE;
	f->user_ss = SEL_UDATA;
	f->eflags = EFLAGS_IF;
	f->eip = ip;
	f->user_esp = sp;
	/* What switch_context pops: edi, esi, ebx, ebp, then its return. */
	uint32_t *sp_k = (uint32_t *)f;
	*--sp_k = (uint32_t)thread_first_entry;
	for (int i = 0; i < 4; i++)
		*--sp_k = 0;
	t->arch.ksp = (uint32_t)sp_k;
	t->park_resume = fastpath_resume;       /* (sysenter.asm parks at the TCB) */
	t->arch.edi_in_frame = false;
	t->local_sender = t;                    /* (nobody yet) */
}

uint32_t uctx_ip(struct tcb *t) { return uctx_frame(t)->eip; }
uint32_t uctx_sp(struct tcb *t) { return uctx_frame(t)->user_esp; }
uint32_t uctx_flags(struct tcb *t) { return uctx_frame(t)->eflags; }

/* A new IP or SP is checked on the way out (user_return_check), and flags
 * are restored only by iret: need_iret sends the thread that way. A
 * thread the IPC fast path parked (at its TCB) would be left to straight
 * from its frame by sysexit, unchecked (sysenter.asm): it moves to a park
 * below its frame that returns to fastpath_resume_moved, and is no longer
 * fast_parked, so that the fast path's gate fails and every way back goes through
 * sysenter_resume. The fast path leaves EDI out of the frame (the exit
 * loads the UTCB address from the TCB): it is written into the frame as
 * the thread moves, so that a writer of the frame (a control-transfer
 * item) has the last word, and sysenter_resume keeps it. A thread
 * ThreadSwitch's fast path parked would be left to by iret from its
 * frame, unchecked (tswitch.asm): its park moves one word down too, onto
 * ts_resume_moved, and it goes back through user_return_check. (Not the
 * current thread: its stack is in use, and its ksp is rewritten when it
 * next stops.) */
void uctx_leave_by_iret(struct tcb *t)
{
	t->arch.need_iret = true;
	if (t != current && t->arch.ksp == (uint32_t)t) {
		uctx_frame(t)->edi = tcb_local_id(t);
		t->arch.edi_in_frame = true;
		uint32_t *p = (uint32_t *)uctx_frame(t) - 5;    /* as switch_context pops */
		p[4] = (uint32_t)fastpath_resume_moved;
		t->arch.ksp = (uint32_t)p;
		t->fast_parked = false;         /* the fast path's gate (tcb.h) */
	}
	uint32_t ts_park = KSTACK_TOP(t) - sizeof(struct trap_frame) - TS_PARK_SIZE;
	uint32_t *q = (uint32_t *)ts_park;
	if (t != current && t->arch.ksp == ts_park && q[4] == (uint32_t)ts_resume) {
		q[3] = (uint32_t)ts_resume_moved;
		t->arch.ksp = ts_park - 4;
	}
}

void uctx_set_ip(struct tcb *t, uint32_t ip)
{
	uctx_frame(t)->eip = ip;
	uctx_leave_by_iret(t);
}

void uctx_set_sp(struct tcb *t, uint32_t sp)
{
	uctx_frame(t)->user_esp = sp;
	uctx_leave_by_iret(t);
}

void uctx_set_flags(struct tcb *t, uint32_t flags)
{
	struct trap_frame *f = uctx_frame(t);
	f->eflags = (f->eflags & ~EFLAGS_USER) | (flags & EFLAGS_USER) | EFLAGS_IF;
	uctx_leave_by_iret(t);          /* sysexit would not restore them */
}

void uctx_switch_space(const struct tcb *to)
{
	io_bitmap_switch(to->space);
	if (to->space != loaded_space)
		space_switch(to);
}

void uctx_release(struct tcb *t)
{
	fpu_release(t);
}

void arch_enter_first(struct tcb *t)
{
	uint32_t dummy;
	set_current(t);
	switch_context(&dummy, t->arch.ksp);
	panic("arch_enter_first: returned");
}

/* Prepares a kernel thread to start in fn (which must not return). */
void uctx_init_kernel(struct tcb *t, void (*fn)(void))
{
	uint32_t *sp_k = (uint32_t *)KSTACK_TOP(t);
	*--sp_k = 0;                    /* fake return address of fn */
	*--sp_k = (uint32_t)fn;
	for (int i = 0; i < 4; i++)
		*--sp_k = 0;
	t->arch.ksp = (uint32_t)sp_k;
}
