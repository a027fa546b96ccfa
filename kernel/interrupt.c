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
	/* Arrived while a thread of its priority or above ran: the
	 * interrupt thread has not "run" yet, so nothing is delivered or
	 * kept until the scheduler picks a thread below it (X.2 §2.4:
	 * interrupt threads are threads, with a priority). */
	bool deferred;
	uint8_t prio;                   /* Schedule's priority; 255 at boot */
};

static struct irq_line lines[INTERRUPT_LINES] = {
	[0 ... INTERRUPT_LINES - 1] = { .handler = TID_NIL, .prio = INTERRUPT_DEFAULT_PRIO },
};
uint32_t interrupts_delivered, interrupts_kept;
uint16_t interrupts_deferred;           /* bitmap of deferred lines */

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

/* The handler's TCB, or NULL (none, or it is gone). The id was a valid
 * global id when it was stored (interrupt_control): only its version
 * needs checking. */
static inline struct tcb *handler_of(const struct irq_line *l)
{
	if (l->handler == TID_NIL)
		return 0;
	struct tcb *t = tcb_by_no(tid_no(l->handler));
	return t->global_id == l->handler ? t : 0;
}

static void update_mask(unsigned irq)
{
	const struct irq_line *l = &lines[irq];
	if (l->handler != TID_NIL && !l->pending && !l->in_service && !l->deferred)
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

/* The interrupt thread of line irq runs: its message reaches the
 * handler now if it waits for it (true: the handler is to be made
 * ready), or is kept pending for its next receive. */
static inline __attribute__((always_inline)) bool give_or_keep(unsigned irq, struct tcb *h)
{
	struct irq_line *l = &lines[irq];
	if (h->state == TS_WAIT_RECV && accepts_irq(h->recv_from, irq)) {
		timeout_cancel(h);
		h->ipc_error = 0;
		give_message(h, irq);
		return true;
	}
	l->pending = true;
	h->irq_pending |= 1u << irq;
	interrupts_kept++;
	return false;
}

static inline __attribute__((always_inline)) void deliver(unsigned irq, struct tcb *h)
{
	if (give_or_keep(irq, h))
		sched_ready(h);                 /* preempts a lower priority */
}

void interrupt_raised(unsigned irq)
{
	struct irq_line *l = &lines[irq];
	struct tcb *h = handler_of(l);
	if (!h || l->pending || l->in_service || l->deferred) {
		update_mask(irq);               /* a late edge: stays latched */
		return;
	}
	if (current_is_idle()) {
		if (give_or_keep(irq, h))
			sched_ready_from_idle(h);       /* its handler, straight from idle */
		return;
	}
	if (l->prio > current->prio) {
		deliver(irq, h);
		return;
	}
	l->deferred = true;             /* its thread waits for the CPU */
	interrupts_deferred |= (uint16_t)(1u << irq);
}

bool interrupt_run_deferred(int prio)
{
	bool any = false;
	for (unsigned irq = 0; irq < INTERRUPT_LINES; irq++) {
		struct irq_line *l = &lines[irq];
		if (!(interrupts_deferred & (1u << irq)) || l->prio <= prio)
			continue;
		interrupts_deferred &= (uint16_t)~(1u << irq);
		l->deferred = false;
		struct tcb *h = handler_of(l);
		if (h) {
			deliver(irq, h);
			any = true;
		}
		update_mask(irq);
	}
	return any;
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
	if (l->deferred) {              /* arrived, not delivered: kept */
		l->deferred = false;
		interrupts_deferred &= (uint16_t)~(1u << irq);
		l->pending = true;
	}
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

/* Schedule (X.2 §3.4) on an interrupt thread: its priority, which decides
 * whether an interrupt preempts the running thread. Interrupt threads
 * run for no measurable time: time control and preemption control are
 * refused (invalid parameter), their quantum is reported as never.
 * Allowed to privileged callers (interrupt threads belong to the
 * system, as their association does), up to the caller's own priority. */
word_t interrupt_schedule(struct tcb *self, word_t dest, word_t time_control,
                          word_t processor_control, word_t prio,
                          word_t preemption_control, word_t *time_out, word_t *state)
{
	/* --- decode --- */
	if (!usable_id(dest))
		return ERR_INVALID_THREAD;
	if (!self->space->privileged)
		return ERR_NO_PRIVILEGE;
	if (time_control != ~0u || preemption_control != ~0u)
		return ERR_INVALID_PARAM;
	if (processor_control != ~0u && (processor_control & 0xFFFF) != 0)
		return ERR_INVALID_PARAM;
	if (prio != ~0u && (prio > 255 || prio > self->prio))
		return ERR_INVALID_PARAM;
	/* --- act --- */
	struct irq_line *l = &lines[tid_no(dest)];
	if (prio != ~0u)
		l->prio = (uint8_t)prio;
	*time_out = TIME_NEVER << 16 | TIME_NEVER;
	/* Its thread state: inactive without a handler; an interrupt that
	 * waits to be delivered is a pending send; otherwise it waits for
	 * the acknowledgement or the next interrupt (a receive). */
	*state = l->handler == TID_NIL ? 2 : (l->pending || l->deferred) ? 4 : 6;
	return 0;
}
