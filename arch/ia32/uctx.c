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
struct space *loaded_space;
uint32_t user_seg_base, user_seg_size = USER_LIMIT, user_stack_max = USER_LIMIT - 8;
uint32_t user_seg_key = USER_LIMIT >> 22;     /* gdt_init's: base 0, USER_LIMIT */

void switch_context(uint32_t *save_esp, uint32_t new_esp);
extern char thread_first_entry[];

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
}

uint32_t uctx_ip(struct tcb *t) { return uctx_frame(t)->eip; }
uint32_t uctx_sp(struct tcb *t) { return uctx_frame(t)->user_esp; }
uint32_t uctx_flags(struct tcb *t) { return uctx_frame(t)->eflags; }
/* A new IP or SP is checked on the way out (user_return_check), which a
 * thread the IPC fast path leaves to directly would skip: need_iret sends
 * it the checked way (sysenter.asm checked the ones it saved itself). */
void uctx_set_ip(struct tcb *t, uint32_t ip)
{
	uctx_frame(t)->eip = ip;
	t->arch.need_iret = true;
}

void uctx_set_sp(struct tcb *t, uint32_t sp)
{
	uctx_frame(t)->user_esp = sp;
	t->arch.need_iret = true;
}

void uctx_set_flags(struct tcb *t, uint32_t flags)
{
	struct trap_frame *f = uctx_frame(t);
	f->eflags = (f->eflags & ~EFLAGS_USER) | (flags & EFLAGS_USER) | EFLAGS_IF;
	t->arch.need_iret = true;       /* sysexit would not restore them */
}

void uctx_switch_space(const struct tcb *to)
{
	io_bitmap_switch(to->space);
	if (to->space != loaded_space)
		space_switch(to);
}

/* The IPC fast path does not come here, and needs no FPU work: it
 * declines a sender whose FPU state is live (sysenter.asm), and whoever
 * it switches to finds TS set. */
void arch_switch(struct tcb *from, struct tcb *to)
{
	if (from->fpu_live)
		fpu_switch_away(from);
	tss_set_kernel_stack(KSTACK_TOP(to));
	if (to->utcb)                   /* not a kernel thread */
		uctx_load_user_state(to);
	switch_context(&from->arch.ksp, to->arch.ksp);
}

void uctx_release(struct tcb *t)
{
	fpu_release(t);
}

void arch_enter_first(struct tcb *t)
{
	uint32_t dummy;
	tss_set_kernel_stack(KSTACK_TOP(t));
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
