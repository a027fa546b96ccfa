// SPDX-License-Identifier: MIT
/*
 * fault_ipc.c: page faults and exceptions of user threads become IPC
 * (X.2 §7.3, §7.5, Appendix A.8). The kernel makes the faulting thread
 * Call its pager (or exception handler) on its own behalf, through the
 * general IPC path, then puts back what that Call changed: the message
 * and buffer registers it used, ErrorCode, and the registers that carry
 * IPC results. For a page fault the thread then retries the instruction;
 * for an exception the handler's reply sets the registers.
 *
 * A thread without a valid pager or handler, or whose pager or handler
 * disappears, is stopped and reported on the console: it must not hang
 * anyone else. So is one whose reply cannot be received (message
 * overflow), which a pager's mapping that its space has no kernel memory
 * left for is (kernel.h): retrying would fault again for ever. The
 * console line says which it was.
 */
#include "fault_ipc.h"
#include "uctx.h"
#include "x86.h"
#include "../../kernel/kernel.h"
#include "../../kernel/ipc.h"
#include "../../kernel/mapdb.h"
#include "../../kernel/syscalls.h"
#include "../../kernel/iofpage.h"
#include "../../kernel/kdb.h"
#include "../../kernel/ctrlxfer.h"
#include "../../kernel/redirect.h"

#define LABEL_EXCEPTION  0xFFB0u        /* -5 << 4: architecture-specific */
#define LABEL_IO_FAULT   0xFF86u        /* -8 << 4 | 0110 (A.4) */
#define LABEL_PREEMPTION 0xFFD0u        /* -3 << 4 */
#define SAVED_MRS        14             /* MR0..13, the longest message */
#define FAULT_MRS        3              /* MR0..2, a page or I/O fault's */

/* What the kernel's Call changes and X.2 preserves: the MRs that carry
 * the message (a longer reply may overwrite others, as X.2 allows), BR0,
 * ErrorCode and the IPC result registers. */
struct saved_msg {
	word_t mr[SAVED_MRS], n, br0, error;
	uint32_t eax, ebx, esi, ebp;
};

/* A string move: one instruction per word (the save and restore are on
 * every page fault's path). */
static inline void copy_words(word_t *dst, const word_t *src, word_t n)
{
	rep_movsl(dst, src, n);
}

static void save(struct tcb *t, const struct trap_frame *f, struct saved_msg *s, word_t n)
{
	s->n = n;
	copy_words(s->mr, utcb_word(t, UTCB_MR(0)), n);
	s->br0 = *utcb_word(t, UTCB_BR(0));
	s->error = *utcb_word(t, UTCB_ERROR_CODE);
	s->eax = f->eax, s->ebx = f->ebx, s->esi = f->esi, s->ebp = f->ebp;
}

static void restore(struct tcb *t, struct trap_frame *f, const struct saved_msg *s)
{
	copy_words(utcb_word(t, UTCB_MR(0)), s->mr, s->n);
	*utcb_word(t, UTCB_BR(0)) = s->br0;
	*utcb_word(t, UTCB_ERROR_CODE) = s->error;
	f->eax = s->eax, f->ebx = s->ebx, f->esi = s->esi, f->ebp = s->ebp;
}

void fault_call_failed(struct tcb *self, const char *what, uint32_t addr, word_t refused,
                       word_t empty)
{
	word_t err = *utcb_word(self, UTCB_ERROR_CODE) >> 1 & 7;
	if (err == IPC_ERR_NO_PARTNER)
		thread_stop_faulted(self, what, addr);
	else if (err == IPC_ERR_OVERFLOW && self->space->kmem.refused != refused)
		thread_stop_faulted(self, "fault, and its space is out of kernel memory "
		                    "for the mapping its pager sent", addr);
	else if (err == IPC_ERR_OVERFLOW && self->space->empty_items != empty)
		thread_stop_faulted(self, "fault, and its pager's map item named a page "
		                    "the pager does not hold", addr);
	else if (err == IPC_ERR_OVERFLOW)
		thread_stop_faulted(self, "fault, and the reply to it overflowed "
		                    "(a bad map item)", addr);
}

/* Calls 'partner' with the message in MR0..u (MR0 = tag) and, for a page
 * fault, the whole address space as receive window. Returns the reply's
 * tag, or 0 with *failed set when the IPC failed. */
static word_t kernel_call(struct tcb *self, struct trap_frame *f, word_t partner,
                          word_t tag, const char *what, uint32_t addr, bool *failed)
{
	*failed = true;
	word_t refused = self->space->kmem.refused;
	word_t empty = self->space->empty_items;
	if (CONFIG_KDB && kdb_trace_on)
		kdb_trace_fault(partner, tag, addr, f->eip);
	struct tcb *p = tcb_lookup(self, partner);
	if (!p || p == self || p->state == TS_FREE) {
		if (CONFIG_KDB && kdb_on_exception)
			kdb_debugger(KDB_REASON_EXCEPTION, f, what);
		thread_stop_faulted(self, what, addr);
		return 0;
	}
	word_t *mr = utcb_word(self, UTCB_MR(0));
	mr[0] = tag;
	f->esi = tag;                   /* a queued sender's tag is read from here */
	/* A fault's two words to a pager that waits for them: ipc_fault_call;
	 * FASTPATH=0 takes the general way. */
	if (!(CONFIG_FASTPATH && (tag & 0xFFFF) == 2 &&
	      ipc_fault_call(p, partner, tag, mr[1], mr[2])))
		ipc_kernel_call(p, partner, tag);
	word_t reply = f->esi;
	if (reply & TAG_FLAG_E) {
		fault_call_failed(self, what, addr, refused, empty);
		return 0;               /* canceled or aborted: retry later */
	}
	/* MR1 and MR2 arrive in EBX and EBP (the fast path sets only those);
	 * store them as the user stub would. */
	*utcb_word(self, UTCB_MR(1)) = f->ebx;
	*utcb_word(self, UTCB_MR(2)) = f->ebp;
	*failed = false;
	return reply;
}

/* The extended protocols (X.2 §7.6): with the fault configured by
 * ExchangeRegisters' C, the message carries the thread's registers as a
 * CtrlXferItem after its words, and the reply's CtrlXferItems set them;
 * BR0 then accepts control-transfer items too. The items of the kernel's
 * message are data for the pager (kernel_msg); the reply's writes wait in
 * cx until the saved message registers are back. */
static word_t extend(struct tcb *self, word_t fault, word_t u, struct ctrlxfer_writes *cx)
{
	word_t n = ctrlxfer_append(self, fault, u + 1);
	cx->mask = 0;
	self->kernel_msg = n != 0;
	self->cx_defer = n ? cx : 0;
	return n;
}

static void extended_done(struct tcb *self)
{
	self->kernel_msg = false;
	self->cx_defer = 0;
}

/* pagefault_ipc for a thread that configured the extended protocol. */
static __attribute__((noinline)) void pagefault_ipc_extended(struct trap_frame *f, uint32_t addr)
{
	struct tcb *self = current;
	struct saved_msg saved;
	struct ctrlxfer_writes cx;
	save(self, f, &saved, SAVED_MRS);
	word_t n = extend(self, CTRLXFER_FAULT_PF, 2, &cx);
	word_t tag = pagefault_tag(f->error) | n << 6;
	*utcb_word(self, UTCB_MR(1)) = addr;
	*utcb_word(self, UTCB_MR(2)) = f->eip;
	*utcb_word(self, UTCB_BR(0)) = 1u << 4 | 2;    /* the whole space, CtrlXferItems */
	bool failed;
	kernel_call(self, f, tcb_pager(self), tag, "page fault, and no pager to resolve it",
	            addr, &failed);
	restore(self, f, &saved);
	extended_done(self);
	if (!failed)
		ctrlxfer_apply(self, &cx);
}

void pagefault_ipc(struct trap_frame *f, uint32_t addr)
{
	struct tcb *self = current;
	if (__builtin_expect(self->ctrlxfer_conf[CTRLXFER_FAULT_PF] & 1, 0)) {
		pagefault_ipc_extended(f, addr);
		return;
	}
	struct saved_msg saved;
	save(self, f, &saved, FAULT_MRS);
	word_t tag = pagefault_tag(f->error);
	*utcb_word(self, UTCB_MR(1)) = addr;
	*utcb_word(self, UTCB_MR(2)) = f->eip;
	*utcb_word(self, UTCB_BR(0)) = 1u << 4;        /* CompleteAddressSpace */
	bool failed;
	kernel_call(self, f, tcb_pager(self), tag, "page fault, and no pager to resolve it",
	            addr, &failed);
	restore(self, f, &saved);
}

void io_fault_ipc(struct trap_frame *f, uint32_t port, unsigned log2)
{
	struct tcb *self = current;
	struct saved_msg saved;
	save(self, f, &saved, FAULT_MRS);
	word_t tag = (word_t)LABEL_IO_FAULT << 16 | 2;
	*utcb_word(self, UTCB_MR(1)) = iofpage_make(port, log2);
	*utcb_word(self, UTCB_MR(2)) = f->eip;
	*utcb_word(self, UTCB_BR(0)) = iofpage_make(0, 16) & ~0xFu;  /* all ports */
	bool failed;
	kernel_call(self, f, tcb_pager(self), tag, "I/O port fault, and no pager to resolve it",
	            port, &failed);
	restore(self, f, &saved);
}

void exception_ipc(struct trap_frame *f)
{
	struct tcb *self = current;
	struct saved_msg saved;
	save(self, f, &saved, SAVED_MRS);
	word_t *mr = utcb_word(self, UTCB_MR(0));
	word_t handler = *utcb_word(self, UTCB_EXC_HANDLER);   /* a TCR */
	bool failed;
	if (self->ctrlxfer_conf[CTRLXFER_FAULT_EXC] & 1) {
		/* Extended (X.2 §7.6): the exception number and error code,
		 * the registers as a CtrlXferItem; the reply's items set them. */
		struct ctrlxfer_writes cx;
		mr[1] = f->vector;
		mr[2] = f->error;
		word_t n = extend(self, CTRLXFER_FAULT_EXC, 2, &cx);
		*utcb_word(self, UTCB_BR(0)) = 1u << 4 | 2;
		kernel_call(self, f, handler, (word_t)LABEL_EXCEPTION << 16 | n << 6 | 2,
		            "exception, and no exception handler", f->eip, &failed);
		restore(self, f, &saved);
		extended_done(self);
		if (!failed)
			ctrlxfer_apply(self, &cx);
		return;
	}
	const uint32_t regs[12] = { f->eip, f->eflags, f->vector, f->error, f->edi,
	                            f->esi, f->ebp, f->user_esp, f->ebx, f->edx,
	                            f->ecx, f->eax };
	for (int i = 0; i < 12; i++)
		mr[i + 1] = regs[i];
	*utcb_word(self, UTCB_BR(0)) = 0;
	word_t tag = (word_t)LABEL_EXCEPTION << 16 | 12;
	word_t reply = kernel_call(self, f, handler, tag,
	                           "exception, and no exception handler", f->eip, &failed);
	word_t u = tag_u(reply);
	word_t r[12];
	for (word_t i = 0; i < 12; i++)
		r[i] = mr[i + 1];
	restore(self, f, &saved);
	if (failed)
		return;
	/* The reply: MR1 the IP to resume at; a full reply (12 words) sets
	 * the registers too, in the order they were sent. */
	if (u >= 1)
		f->eip = r[0];
	if (u >= 12) {
		uctx_set_flags(self, r[1]);
		f->edi = r[4], f->esi = r[5], f->ebp = r[6], f->user_esp = r[7];
		f->ebx = r[8], f->edx = r[9], f->ecx = r[10], f->eax = r[11];
	}
}

/* The preemption message (X.2 §7.4): label -3, MR1 and MR2 the clock.
 * As a send with timeout 0 to the exception handler (a preemption fault,
 * §3.6: dropped if the handler does not wait for it), or as a Call to the
 * scheduler (the total quantum ran out, §3.5). The thread's message
 * registers and IPC result registers are put back afterwards, as for a
 * fault. */
void preemption_ipc(struct trap_frame *f, bool to_scheduler)
{
	struct tcb *self = current;
	word_t to = to_scheduler ? self->scheduler : *utcb_word(self, UTCB_EXC_HANDLER);
	struct tcb *p = tcb_lookup(self, to);
	if (!p || p == self || p->state == TS_FREE) {
		if (to_scheduler) {
			kprintf("kernel: thread %x: total quantum exhausted, and no scheduler "
			        "to call: it runs on without one\n", self->global_id);
			self->total_quantum_us = 0;
		}
		return;
	}
	struct saved_msg saved;
	save(self, f, &saved, FAULT_MRS);
	uint64_t now = sys_system_clock();
	word_t tag = (word_t)LABEL_PREEMPTION << 16 | 2;
	*utcb_word(self, UTCB_MR(0)) = tag;
	*utcb_word(self, UTCB_MR(1)) = (word_t)now;
	*utcb_word(self, UTCB_MR(2)) = (word_t)(now >> 32);
	f->esi = tag;
	if (to_scheduler)
		ipc_kernel_call(p, to, tag);
	else {
		redirect_suspend(self);         /* kernel messages are not redirected */
		sys_ipc(to, TID_NIL, TIME_ZERO << 16 | TIME_NEVER, tag);
		redirect_thread_joins(self);
	}
	restore(self, f, &saved);
}
