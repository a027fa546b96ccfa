// SPDX-License-Identifier: MIT
/*
 * interrupt.c: interrupt threads (X.2 §2.4, §7.2); see interrupt.h.
 *
 * Invariant per line: masked at the machine unless it has a handler and
 * is neither pending (arrived, not yet delivered) nor in service
 * (delivered, not yet acknowledged). So one interrupt per line is in the
 * kernel at a time, and the PIC keeps the next one latched meanwhile.
 */
#include "kernel.h"
#include "interrupt.h"
#include "sched.h"
#include "../arch/ia32/irq.h"
#include "../arch/ia32/uctx.h"

#define LABEL_INTERRUPT   0xFFF0u       /* -1 << 4, no flags, u = t = 0 */
#define INTERRUPT_VERSION 1

struct irq_line {
	word_t handler;                 /* global id, or TID_NIL */
	bool pending;
	bool in_service;
};

static struct irq_line lines[INTERRUPT_LINES];
uint32_t interrupts_delivered, interrupts_kept;

static word_t irq_id(unsigned irq)
{
	return tid_make(irq, INTERRUPT_VERSION);
}

/* Valid id of a line a user may have: version 1, not the timer's. */
static bool usable_id(word_t id)
{
	return interrupt_is_id(id) && tid_version(id) == INTERRUPT_VERSION &&
	       arch_irq_usable(tid_no(id));
}

/* The handler's TCB, or NULL (none, or it is gone). */
static struct tcb *handler_of(const struct irq_line *l)
{
	return l->handler == TID_NIL ? 0 : tcb_of_global(l->handler);
}

static void update_mask(unsigned irq)
{
	const struct irq_line *l = &lines[irq];
	if (l->handler != TID_NIL && !l->pending && !l->in_service)
		arch_irq_unmask(irq);
	else
		arch_irq_mask(irq);
}

/* The message of X.2 §7.2 into t's IPC results. */
static void give_message(struct tcb *t, unsigned irq)
{
	lines[irq].in_service = true;
	interrupts_delivered++;
	uctx_set_ipc_result(t, irq_id(irq), LABEL_INTERRUPT << 16, 0, 0);
}

static bool accepts_irq(word_t from_spec, unsigned irq)
{
	return from_spec == TID_ANY || from_spec == irq_id(irq);
}

void interrupt_raised(unsigned irq)
{
	struct irq_line *l = &lines[irq];
	struct tcb *h = handler_of(l);
	if (!h || l->pending || l->in_service) {
		update_mask(irq);               /* a late edge: stays latched */
		return;
	}
	if (h->state == TS_WAIT_RECV && accepts_irq(h->recv_from, irq)) {
		timeout_cancel(h);
		h->ipc_error = 0;
		give_message(h, irq);
		sched_ready(h);                 /* preempts a lower priority */
	} else {
		l->pending = true;
		h->irq_pending |= 1u << irq;
		interrupts_kept++;
	}
}

bool interrupt_take_pending(struct tcb *self, word_t from_spec)
{
	for (unsigned irq = 0; irq < INTERRUPT_LINES; irq++) {
		if (!(self->irq_pending & (1u << irq)) || !accepts_irq(from_spec, irq))
			continue;
		self->irq_pending &= ~(1u << irq);
		lines[irq].pending = false;
		give_message(self, irq);
		return true;
	}
	return false;
}

word_t interrupt_acknowledge(struct tcb *self, word_t id)
{
	if (!usable_id(id))
		return IPC_ERR_NO_PARTNER;
	unsigned irq = tid_no(id);
	struct irq_line *l = &lines[irq];
	if (l->handler != self->global_id)
		return IPC_ERR_NO_PARTNER;
	l->in_service = false;          /* an ack of nothing is harmless */
	update_mask(irq);
	return 0;
}

bool interrupt_may_receive(const struct tcb *self, word_t id)
{
	return usable_id(id) && lines[tid_no(id)].handler == self->global_id;
}

/* The line loses its handler: what arrived and was not delivered stays
 * pending for the next handler; a delivered one is forgotten (nobody will
 * acknowledge it). */
static void detach(unsigned irq)
{
	struct irq_line *l = &lines[irq];
	struct tcb *h = handler_of(l);
	if (h)
		h->irq_pending &= ~(1u << irq);
	l->handler = TID_NIL;
	l->in_service = false;
	update_mask(irq);
}

word_t interrupt_control(struct tcb *self, word_t dest, word_t space_spec, word_t handler)
{
	/* --- decode --- */
	/* The timer, the cascade, a bad version; and an interrupt thread is
	 * neither created, deleted nor moved (SpaceSpecifier = itself). */
	if (!usable_id(dest) || space_spec != dest)
		return ERR_INVALID_THREAD;
	if (handler == TID_NIL)
		return 0;                       /* pager unchanged */
	struct tcb *h = 0;
	if (handler != dest) {
		h = tcb_lookup(self, handler);
		if (!h || !h->utcb || h->state == TS_FREE)
			return ERR_INVALID_THREAD;
	}
	/* --- act --- */
	unsigned irq = tid_no(dest);
	detach(irq);
	if (h) {
		lines[irq].handler = h->global_id;
		if (lines[irq].pending)
			h->irq_pending |= 1u << irq;
		update_mask(irq);
	}
	return 0;
}

void interrupt_thread_gone(struct tcb *t)
{
	for (unsigned irq = 0; irq < INTERRUPT_LINES; irq++)
		if (lines[irq].handler == t->global_id && t->global_id != TID_NIL)
			detach(irq);
	t->irq_pending = 0;
}

void interrupt_line_state(unsigned irq, word_t *handler, bool *pending, bool *in_service)
{
	*handler = lines[irq].handler;
	*pending = lines[irq].pending;
	*in_service = lines[irq].in_service;
}
