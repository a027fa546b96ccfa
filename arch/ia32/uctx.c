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
#include "../../kernel/space.h"
#include "../../kernel/kernel.h"

#define EFLAGS_IF     0x200u
#define EFLAGS_USER   0x0CD5u   /* CF PF AF ZF SF DF OF: what users may set */

uint32_t cr3_loads, segment_reloads;
static uint32_t loaded_gs_base;

void switch_context(uint32_t *save_esp, uint32_t new_esp);
extern char thread_first_entry[];

static struct trap_frame *frame_of(struct tcb *t)
{
	return (struct trap_frame *)(KSTACK_TOP(t) - sizeof(struct trap_frame));
}

void uctx_init(struct tcb *t, uint32_t ip, uint32_t sp)
{
	struct trap_frame *f = frame_of(t);
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

uint32_t uctx_ip(struct tcb *t) { return frame_of(t)->eip; }
uint32_t uctx_sp(struct tcb *t) { return frame_of(t)->user_esp; }
uint32_t uctx_flags(struct tcb *t) { return frame_of(t)->eflags; }
void uctx_set_ip(struct tcb *t, uint32_t ip) { frame_of(t)->eip = ip; }
void uctx_set_sp(struct tcb *t, uint32_t sp) { frame_of(t)->user_esp = sp; }

void uctx_set_flags(struct tcb *t, uint32_t flags)
{
	struct trap_frame *f = frame_of(t);
	f->eflags = (f->eflags & ~EFLAGS_USER) | (flags & EFLAGS_USER) | EFLAGS_IF;
	t->arch.need_iret = true;       /* sysexit would not restore them */
}

void uctx_set_ipc_result(struct tcb *t, word_t from, word_t mr0, word_t mr1, word_t mr2)
{
	struct trap_frame *f = frame_of(t);
	f->eax = from;
	f->esi = mr0;
	f->ebx = mr1;
	f->ebp = mr2;
}

word_t uctx_ipc_mr0(struct tcb *t)
{
	return frame_of(t)->esi;
}

void arch_switch(struct tcb *from, struct tcb *to)
{
	tss_set_kernel_stack(KSTACK_TOP(to));
	if (to->space && to->space->pd_phys != read_cr3()) {
		write_cr3(to->space->pd_phys);
		cr3_loads++;
	}
	if (to->utcb && to->arch.gs_base != loaded_gs_base) {
		gdt_set_utcb_base(to->arch.gs_base);
		loaded_gs_base = to->arch.gs_base;
		segment_reloads++;
	}
	switch_context(&from->arch.ksp, to->arch.ksp);
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
