// SPDX-License-Identifier: MIT
/*
 * faultpath.c: the page fault's own path (issue 16), as the IPC fast
 * path (sysenter.asm) is a Call's. The common case of a user-level pager
 * is a thread's fault to a pager waiting in ReplyWait, and the pager's
 * answer of one map item of one page (fault_reply.c). The general path
 * (fault_ipc.c, ipc_fault_call) is the reference behaviour; this one
 * only leaves out what the case does not need: the save of MRs nobody
 * reads, sys_ipc's and kernel_call's decoding, the general switch and
 * the general exit of both threads.
 *
 * The fault (faultpath_pagefault). Preconditions, all checked before
 * anything changes:
 *   - the thread's Pager TCR names a thread by its global id, in another
 *     space; no small space is live (its exit is sysexit); the thread's
 *     space is not sigma0's (idempotent: space.c maps its faults), its
 *     EIP and ESP lie in user space (page_fault's cases), and it has not
 *     configured the extended fault protocol (X.2 §7.6);
 *   - the pager waits to receive from anythread or from this thread, is
 *     not to be halted, has no timeout armed, is in its ready queue (one
 *     compare of fast_gate), and is no transfer's fault RPC;
 *   - the pager is parked as the IPC fast path parks a thread (TCB_KSP
 *     == its park P, unmoved: its frame may be left by sysexit);
 *   - no ready thread has a higher priority than the pager;
 *   - kdb's IPC trace is off (the general path traces).
 * Commit point: the thread saves what X.2 preserves and the general
 * reply could change (MR0..2, BR0, ErrorCode, the result registers),
 * sets BR0 to the whole space as the general path does, waits to
 * receive from its pager, and stops on its kernel stack as
 * switch_context stops a thread; the pager leaves its park by sysexit
 * with the fault message in registers (faultpath_leave). The thread
 * resumes when any path ends its wait (a reply, ExchangeRegisters, the
 * pager's deletion), and finishes as kernel_call does.
 *
 * The reply (faultpath_reply, from fault_reply.c past its own commit
 * point and the map). Preconditions: the pager entered by sysenter, its
 * frame may leave by sysexit (need_iret clear), the faulting thread has
 * no timeout armed and no ready thread has a higher priority. Then the
 * faulting thread gets its outputs and runs, and the pager is parked in
 * its receive phase from anyone at P, as the IPC fast path parks a
 * thread: the next fault finds it so.
 */
#include "faultpath.h"
#include "fault_ipc.h"
#include "uctx.h"
#include "gdt.h"
#include "fpu.h"
#include "smallspace.h"
#include "x86.h"
#include "syscall_list.h"
#include "../../kernel/kernel.h"
#include "../../kernel/ipc.h"
#include "../../kernel/sched.h"
#include "../../kernel/kdb.h"

uint32_t ipc_fault_fast_hits;

/* faultpath_switch.asm */
void faultpath_leave(struct tcb *self, struct tcb *to, word_t from, word_t tag, word_t mr1,
                     word_t mr2);
void faultpath_park(struct tcb *self, struct tcb *to) __attribute__((noreturn));

/* Parked by the IPC fast path (or faultpath_park), unmoved. */
static inline bool parked_in_ipc(const struct tcb *t)
{
	return t->arch.ksp == (uint32_t)t;       /* at its TCB (sysenter.asm) */
}

/* The switch of both directions, in one place: the CPU's FPU, current,
 * the kernel stack, the %gs:0 word, the I/O bitmap and the space
 * (arch_switch's, without its stack move). */
static inline void faultpath_switch_to(struct tcb *from, struct tcb *to)
{
	if (from->fpu_live)
		fpu_switch_away(from);
	sched_switches++;
	set_current(to);        /* and the kernel stack (tcb.h) */
	uctx_load_user_state(to);
}

/* What X.2 preserves across a fault and the general reply could change. */
struct fault_saved {
	word_t mr0, mr1, mr2, br0, error;
	uint32_t eax, ebx, esi, ebp;
};

bool faultpath_pagefault(struct trap_frame *f)
{
	struct tcb *self = current;
	struct space *s = self->space;
	word_t partner = tcb_pager(self);
	struct tcb *p = tcb_of_global(partner);
	if (!p || p->fast_gate != FAST_PARTNER_GATE || !parked_in_ipc(p) || p->space == s ||
	    small_spaces_live || s->idempotent || f->eip >= USER_LIMIT ||
	    f->user_esp > USER_LIMIT || (self->ctrlxfer_conf[CTRLXFER_FAULT_PF] & 1) ||
	    sched_top_prio > p->prio ||
	    (p->recv_from != TID_ANY && p->recv_from != self->global_id) || p->xfer_proxy ||
	    (CONFIG_KDB && kdb_trace_on))
		return false;

	/* --- commit point --- */
	ipc_fault_fast_hits++;
	uint32_t addr = read_cr2() - s->arch.seg_base;  /* the space's own address */
	word_t tag = pagefault_tag(f->error);
	word_t *mr = utcb_word(self, UTCB_MR(0)), *br0 = utcb_word(self, UTCB_BR(0));
	word_t *error = utcb_word(self, UTCB_ERROR_CODE);
	struct fault_saved saved = { mr[0], mr[1], mr[2], *br0, *error, f->eax, f->ebx, f->esi, f->ebp };
	word_t refused = s->kmem.refused, empty = s->empty_items;
	*br0 = 1u << 4;                         /* CompleteAddressSpace */
	f->esi = tag;                           /* no reply's flags yet */
	self->recv_from = partner;
	tcb_set_state(self, TS_WAIT_RECV);     /* (ipc_error is 0: ipc.c) */
	tcb_set_state(p, TS_RUNNING);
	faultpath_switch_to(self, p);
	faultpath_leave(self, p, self->global_id, tag, addr, f->eip);

	/* The wait is over: as ipc_fault_call and kernel_call end it. */
	if (self->ipc_error || self->halt_after_ipc)
		ipc_finish_wait(self);
	if (f->esi & TAG_FLAG_E)
		fault_call_failed(self, "page fault, and no pager to resolve it", addr, refused,
		                  empty);
	mr[0] = saved.mr0, mr[1] = saved.mr1, mr[2] = saved.mr2;
	*br0 = saved.br0;
	*error = saved.error;
	f->eax = saved.eax, f->ebx = saved.ebx, f->esi = saved.esi, f->ebp = saved.ebp;
	return true;
}

bool faultpath_reply(struct tcb *self, struct tcb *dest, word_t tag, word_t mr1, word_t mr2)
{
	/* (A thread that entered by its trap gate leaves by iret with all
	 * its registers: the general path.) */
	if (uctx_frame(self)->vector != SYSENTER_VECTOR || self->arch.need_iret ||
	    dest->in_timeout_list || sched_should_preempt_for(dest))
		return false;

	/* --- commit point --- */
	/* (fault_reply.c: dest is in another space, which hears our global
	 * id; a thread the short way stopped puts these registers back.) */
	uctx_set_ipc_result(dest, self->global_id, tag & 0xFFFF0FFFu, mr1, mr2);
	tcb_set_state(dest, TS_RUNNING);       /* sched_ready, but no need_resched: */
	if (!dest->in_ready_queue)              /* it runs now */
		sched_ready(dest);
	self->recv_from = TID_ANY;
	self->state_word = STATE_FAST_PARKED;   /* (ipc_error is 0); faultpath_park */
	faultpath_switch_to(self, dest);
	faultpath_park(self, dest);
}
