// SPDX-License-Identifier: MIT
/*
 * ctrlxfer.c: control-transfer items on ia32 (X.2 A.9). Only the general
 * purpose register set (id 0) exists; its ten registers in item order are
 * EIP, EFLAGS, EDI, ESI, EBP, ESP, EBX, EDX, ECX, EAX (A.9's figure omits
 * EDI; its mask 0x3FF and GPRegsCtrlXferItem's eleven words count it).
 * A thread whose registers were written leaves the kernel by iret, which
 * loads them all (sysexit would not load ECX and EDX).
 */
#include "ctrlxfer.h"
#include "uctx.h"

unsigned arch_ctrlxfer_regs(word_t id)
{
	return id == CTRLXFER_ID_GPREGS ? CTRLXFER_GPREGS : 0;
}

void arch_ctrlxfer_write(struct tcb *t, word_t id, word_t mask, const word_t *regs)
{
	if (id != CTRLXFER_ID_GPREGS)
		return;
	uctx_leave_by_iret(t);  /* first: sysexit restores none of them, and a
	                           thread moved off the fast path's park gets
	                           its EDI in the frame, which the item's wins */
	struct trap_frame *f = uctx_frame(t);
	uint32_t *gp[CTRLXFER_GPREGS] = { 0, 0, &f->edi, &f->esi, &f->ebp, 0, &f->ebx,
	                                  &f->edx, &f->ecx, &f->eax };
	for (unsigned i = 0; i < CTRLXFER_GPREGS; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (i == 0)
			uctx_set_ip(t, regs[i]);
		else if (i == 1)
			uctx_set_flags(t, regs[i]);
		else if (i == 5)
			uctx_set_sp(t, regs[i]);
		else
			*gp[i] = regs[i];
	}
}

void arch_ctrlxfer_read(struct tcb *t, word_t id, word_t *regs)
{
	if (id != CTRLXFER_ID_GPREGS)
		return;
	const struct trap_frame *f = uctx_frame(t);
	const word_t r[CTRLXFER_GPREGS] = { f->eip, f->eflags, f->edi, f->esi, f->ebp,
	                                    f->user_esp, f->ebx, f->edx, f->ecx, f->eax };
	for (unsigned i = 0; i < CTRLXFER_GPREGS; i++)
		regs[i] = r[i];
}
