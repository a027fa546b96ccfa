// SPDX-License-Identifier: MIT
/*
 * ipc.c: the general IPC path. Decode first (destination, timeouts), then
 * act. Message transfer copies MR0 (tag) and the words MR1..u+t from the
 * sender's UTCB to the receiver's, carries out map and grant items
 * (mapitem.c), and hands the receiver its outputs
 * (from, MR0, MR1, MR2) in registers, as Appendix A.2 prescribes.
 *
 * State machine of one thread:  RUNNING --send, partner not ready--> WAIT_SEND
 *   --picked up--> (WAIT_RECV if a receive phase follows, else RUNNING);
 *   RUNNING --receive, nobody sending--> WAIT_RECV --message--> RUNNING.
 * Timeouts, ExchangeRegisters and deletion end a wait with an error.
 */
#include "kernel.h"
#include "ipc.h"
#include "sched.h"
#include "clock.h"
#include "space.h"
#include "mapitem.h"
#include "string_ipc.h"
#include "xfer.h"
#include "interrupt.h"
#include "propagate.h"
#include "redirect.h"
#include "../arch/ia32/uctx.h"

uint32_t ipc_slowpath_count, ipc_fault_reply_hits;

int timeout_deadline_finite(word_t t, uint64_t now, uint64_t *at)
{
	t &= 0xFFFF;
	if (!(t & 0x8000)) {                    /* relative: m * 2^e µs */
		word_t e = (t >> 10) & 0x1F, m = t & 0x3FF;
		if (m == 0)
			return 1;
		*at = now + ((uint64_t)m << e);
		return 2;
	}
	/* Absolute point (X.2 §3.3): m * 2^e within the current window of
	 * the clock, or the next one when the c bit differs. */
	word_t e = (t >> 11) & 0xF, c = (t >> 10) & 1, m = t & 0x3FF;
	uint64_t high = now >> (e + 10) << (e + 10);
	uint64_t point = high + ((uint64_t)m << e);
	if (((now >> (e + 10)) & 1) != c)
		point += 1ull << (e + 10);
	if (point <= now)
		return 1;
	*at = point;
	return 2;
}

static void set_error(struct tcb *t, word_t code, int phase)
{
	*utcb_word(t, UTCB_ERROR_CODE) = code << 1 | (word_t)phase;
	uctx_set_ipc_result(t, TID_NIL, TAG_FLAG_E, 0, 0);
}

/* A receiver's error once the transfer had started (X.2 §5.7, errors
 * 4-7): label, t and u of the partly received message stay valid. */
static void set_recv_error(struct tcb *r, struct tcb *s, word_t tag, word_t code)
{
	*utcb_word(r, UTCB_ERROR_CODE) = code << 1 | IPC_PHASE_RECV;
	uctx_set_ipc_result(r, tcb_id_for(s, r), (tag & 0xFFFF0FFFu) | TAG_FLAG_E,
	                    *utcb_word(r, UTCB_MR(1)), *utcb_word(r, UTCB_MR(2)));
}

/* The error a waker left, consumed: a running thread's ipc_error is 0,
 * which the IPC fast path relies on when it parks one (sysenter.asm). */
static word_t take_error(struct tcb *self)
{
	word_t e = self->ipc_error;
	self->ipc_error = 0;
	return e;
}

/* Makes t, whose IPC phase is over, runnable. A thread in a page-fault
 * RPC for a transfer's driver (ipc_rpc_for) goes back to its lock, and
 * the driver, with the RPC's result, runs on instead. */
static inline void wake(struct tcb *t)
{
	if (__builtin_expect(t->xfer_proxy != 0, 0)) {
		struct tcb *d = t->xfer_proxy;
		t->xfer_proxy = 0;
		tcb_set_state(t, TS_XFER);
		d->ipc_error = take_error(t);   /* the RPC's result is the driver's */
		sched_ready(d);
		return;
	}
	sched_ready(t);
}

/* wake(t) by the current thread 'self' (an IPC's sender): its priority
 * is at hand, current need not be read again. */
static inline void wake_by(struct tcb *t, const struct tcb *self)
{
	if (__builtin_expect(t->xfer_proxy != 0, 0))
		wake(t);
	else
		sched_ready_by(t, self);
}

/* Does receiver r, in its receive phase, accept a message from s? */
static bool accepts(const struct tcb *r, const struct tcb *s)
{
	word_t from = r->recv_from;
	if (from == TID_ANY)
		return true;
	if (from == TID_ANYLOCAL)
		return r->space == s->space;
	if (tid_is_local(from))
		return r->space == s->space && from == tcb_local_id(s);
	return from == s->global_id;
}

static void send_queue_remove(struct tcb *s)
{
	struct tcb *r = s->send_to;
	if (!r)
		return;
	if (s->send_next == s) {
		r->send_head = 0;
		r->senders_queued = false;
	} else {
		s->send_prev->send_next = s->send_next;
		s->send_next->send_prev = s->send_prev;
		if (r->send_head == s)
			r->send_head = s->send_next;
	}
	s->send_to = 0;
}

static void send_queue_add(struct tcb *r, struct tcb *s)
{
	s->send_to = r;
	if (!r->send_head) {
		r->send_head = s->send_next = s->send_prev = s;
		r->senders_queued = true;
	} else {
		struct tcb *h = r->send_head;
		s->send_next = h;
		s->send_prev = h->send_prev;
		h->send_prev->send_next = s;
		h->send_prev = s;
	}
}

/* MR1..n of s into r's MRs (n <= NUM_MRS - 1); returns s's MRs. */
static inline const word_t *copy_message(struct tcb *s, struct tcb *r, word_t n)
{
	word_t *src = utcb_word(s, UTCB_MR(0)), *dst = utcb_word(r, UTCB_MR(0));
	for (word_t i = 1; i <= n; i++)
		dst[i] = src[i];
	return src;
}

/* r's IPC outputs: the sender's id as r knows it, the tag without flags,
 * and MR1 and MR2 in registers too, typed words included (the user stub
 * stores the registers back into the UTCB). */
static __attribute__((noinline)) void give_result_viewed(struct tcb *s, word_t tag,
                                                          struct tcb *r, const word_t *src,
                                                          word_t n)
{
	word_t from = tcb_id_for(s, r), rtag = tag & 0xFFFF0FFFu;
	ipc_sender_view(s, r, tag, &from, &rtag);       /* propagate.c */
	uctx_set_ipc_result(r, from, rtag, n >= 1 ? src[1] : 0, n >= 2 ? src[2] : 0);
}

static inline void give_result(struct tcb *s, word_t tag, struct tcb *r, const word_t *src,
                               word_t n)
{
	if (__builtin_expect(tag & (TAG_FLAG_P | TAG_FLAG_R), 0)) {
		give_result_viewed(s, tag, r, src, n);  /* propagated or redirected */
		return;
	}
	uctx_set_ipc_result(r, tcb_id_for(s, r), tag & 0xFFFF0FFFu, n >= 1 ? src[1] : 0,
	                    n >= 2 ? src[2] : 0);
}

/* transfer() from the item at MR first on, when the message has string or
 * control-transfer items (string_ipc.c): out of line, so that short
 * messages pay nothing for it. */
static __attribute__((noinline)) word_t transfer_long(struct tcb *s, word_t tag, struct tcb *r,
                                                      word_t first)
{
	word_t u = tag_u(tag), t = tag_t(tag);
	const word_t *src = utcb_word(s, UTCB_MR(0));
	struct ctrlxfer_writes cx = { .mask = 0 };
	word_t err = ipc_long_items(s, r, first, u + t, &cx);
	if (err)
		return err;
	if (r->state == TS_WAIT_START) {
		uctx_set_ip(r, u >= 1 ? src[1] : 0);
		uctx_set_sp(r, u >= 2 ? src[2] : 0);
	} else {
		give_result(s, tag, r, src, u + t);
	}
	if (r->cx_defer)
		*r->cx_defer = cx;              /* a fault's reply: fault_ipc.c applies it */
	else
		ctrlxfer_apply(r, &cx);         /* the item's registers win */
	return 0;
}

/* transfer() of a message with typed items, or with p or r set, or to a
 * thread waiting for its start message: out of line, so that the common
 * case (untyped words to a receiver) tests for all of them at once. */
static __attribute__((noinline)) word_t transfer_special(struct tcb *s, word_t tag,
                                                         struct tcb *r)
{
	word_t u = tag_u(tag), t = tag_t(tag);
	if (u + t > NUM_MRS - 1)
		return IPC_ERR_OVERFLOW;
	const word_t *src = copy_message(s, r, u + t);
	if (t) {
		word_t err = ipc_map_items(s, r, u, t);
		/* A kernel message's items (§7.6, all control-transfer items:
		 * nothing mapped) are data for the receiver. */
		if ((err & IPC_ITEMS_LONG) && !s->kernel_msg)
			return transfer_long(s, tag, r, err & 0x3F);
		if (err && !(err & IPC_ITEMS_LONG))
			return err;
	}
	if (r->state == TS_WAIT_START) {
		/* The start message (X.2 §7.1): MR1 is the IP, MR2 the SP. */
		uctx_set_ip(r, u >= 1 ? src[1] : 0);
		uctx_set_sp(r, u >= 2 ? src[2] : 0);
		return 0;
	}
	give_result(s, tag, r, src, u + t);
	return 0;
}

/* Copies the message of s (tag 'tag') to r and gives r its outputs.
 * Returns 0 or an IPC error code: message overflow, or a long transfer's
 * error (xfer.h: with the offset, the sender's view, XFER_GONE). Inline:
 * its common case is a few instructions in the general path. */
#define TAG_SPECIAL (0x3Fu << 6 | TAG_FLAG_P | TAG_FLAG_R)     /* t, p, r */
_Static_assert(0x3F <= NUM_MRS - 1, "untyped words alone never overflow");
static inline __attribute__((always_inline)) word_t transfer(struct tcb *s, word_t tag,
                                                           struct tcb *r)
{
	if (__builtin_expect((tag & TAG_SPECIAL) || r->state == TS_WAIT_START, 0))
		return transfer_special(s, tag, r);
	word_t u = tag_u(tag), mr1 = 0, mr2 = 0;
	if (!u) {               /* (its own store: fewer values live across the copy) */
		uctx_set_ipc_result(r, tcb_id_for(s, r), tag & 0xFFFF0FFFu, 0, 0);
		return 0;
	}
	const word_t *src = copy_message(s, r, u);
	mr1 = src[1];
	if (u >= 2)
		mr2 = src[2];
	uctx_set_ipc_result(r, tcb_id_for(s, r), tag & 0xFFFF0FFFu, mr1, mr2);
	return 0;
}

/* Blocks the current thread in 'state' until woken or until the deadline;
 * 'handoff', if runnable, gets the CPU directly (IPC time donation).
 * Returns the error (code << 1 | phase) the waker left, or 0. */
static word_t block(struct tcb *self, uint32_t state, int kind, uint64_t at,
                    struct tcb *handoff)
{
	tcb_set_state(self, state);
	self->ipc_error = 0;
	if (kind == 2)
		timeout_arm(self, at);
	if (handoff && handoff->state == TS_RUNNING && !sched_should_preempt_for(handoff))
		sched_switch_to(handoff);
	else
		sched_blocked();
	return take_error(self);
}

/* A blocked sender s was picked up: either s goes on to its receive phase
 * (a Call) or its IPC is complete. */
static void sender_done(struct tcb *s)
{
	timeout_cancel(s);
	if (s->recv_after_send) {
		s->recv_after_send = false;
		tcb_set_state(s, TS_WAIT_RECV);
		if (s->irq_pending && interrupt_take_pending(s, s->recv_from)) {
			wake(s);
			return;
		}
		if (s->rcv_kind == 1) {
			s->ipc_error = IPC_ERR_TIMEOUT << 1 | IPC_PHASE_RECV;
			wake(s);
		} else if (s->rcv_kind == 2) {
			timeout_arm(s, clock_us() + s->rcv_rel_us);
		} else if (s->rcv_kind == 3) {          /* absolute: ipc_rpc_for */
			if (s->rcv_rel_us <= clock_us()) {
				s->ipc_error = IPC_ERR_TIMEOUT << 1 | IPC_PHASE_RECV;
				wake(s);
			} else {
				timeout_arm(s, s->rcv_rel_us);
			}
		}
		return;
	}
	uctx_set_ipc_result(s, TID_NIL, 0, 0, 0);
	sched_ready(s);         /* not a fault RPC's thread: those have a receive phase */
}

static void finish_halt(struct tcb *t)
{
	if (t->halt_after_ipc) {
		t->halt_after_ipc = false;
		tcb_set_state(t, TS_HALTED);
		sched_dequeue(t);
		if (t == current)
			schedule();
	}
}

static void report(struct tcb *self, word_t err)
{
	if (err) {
		/* A receiver's error once the transfer had started: its
		 * waker set the outputs (set_recv_error, ipc_fail). */
		if ((err & 1) == IPC_PHASE_RECV && (err >> 1 & 7) >= IPC_ERR_OVERFLOW)
			*utcb_word(self, UTCB_ERROR_CODE) = err;
		else
			set_error(self, err >> 1, (int)(err & 1));
	}
	finish_halt(self);
}

/* The end of a wait that returned err: report(self, 0) does nothing but
 * apply a pending halt, so the common case is two tests. */
static inline void finish_wait(struct tcb *self, word_t err)
{
	if (__builtin_expect(err || self->halt_after_ipc, 0))
		report(self, err);
}

void ipc_finish_wait(struct tcb *self)
{
	finish_wait(self, take_error(self));
}

void ipc_send_failed(struct tcb *self, struct tcb *dest, word_t mr0, word_t err)
{
	if (!(err & XFER_GONE)) {
		word_t rerr = xfer_receiver_view(err);
		timeout_cancel(dest);
		dest->ipc_error = rerr << 1 | IPC_PHASE_RECV;
		set_recv_error(dest, self, mr0, rerr);
		wake(dest);
	}
	set_error(self, err & ~XFER_GONE, IPC_PHASE_SEND);
}

void ipc_sent_then_wait_any(struct tcb *self, struct tcb *dest, word_t tag, word_t mr1,
                            word_t mr2)
{
	uctx_set_ipc_result(dest, tcb_id_for(self, dest), tag & 0xFFFF0FFFu, mr1, mr2);
	if (dest->in_timeout_list)      /* a kernel fault's wait never has one */
		timeout_cancel(dest);
	wake_by(dest, self);
	self->recv_from = TID_ANY;
	word_t err = block(self, TS_WAIT_RECV, 0, 0, dest);
	if (__builtin_expect(err || self->halt_after_ipc, 0))
		report(self, err);      /* report(self, 0) does nothing else */
}

/* A send by a thread whose space has a redirector, or with p set: the
 * destination after redirection (redirect.c), and the propagation's
 * decision (propagate.c). Out of line: plain sends pay one test. */
static __attribute__((noinline)) struct tcb *send_redirect_propagate(struct tcb *self,
                                                                   struct tcb *dest, word_t *mr0)
{
	*mr0 &= ~TAG_FLAG_R;
	if (self->redirected) {
		dest = redirect_target(self, dest);
		if (self->ipc_intended)
			*mr0 |= TAG_FLAG_R;     /* tells give_result (not the receiver) */
	}
	if (*mr0 & TAG_FLAG_P)
		propagate_prepare(self, dest);
	uctx_set_ipc_mr0(self, *mr0);   /* as a queued sender is picked up */
	return dest;
}

/* The send phase's end when dest does not wait for self: self fails at
 * once (a zero send timeout) or waits in dest's send queue, and in a
 * Call receives after it. Returns when the whole IPC is over. Out of
 * line, with the clock read that finite timeouts need. */
static __attribute__((noinline)) void send_blocked(struct tcb *self, struct tcb *dest,
                                                   word_t from_spec, word_t timeouts)
{
	/* Reading the clock costs port I/O: only finite timeouts need it. */
	bool finite = (timeouts & 0x83FF83FFu) != 0;
	uint64_t now = finite ? clock_us() : 0, snd_at = 0, rcv_at = 0;
	int snd_kind = timeout_deadline(timeouts >> 16, now, &snd_at);
	if (snd_kind == 1) {
		set_error(self, IPC_ERR_TIMEOUT, IPC_PHASE_SEND);
		return;
	}
	bool has_recv = from_spec != TID_NIL;
	int rcv_kind = has_recv ? timeout_deadline(timeouts & 0xFFFF, now, &rcv_at) : 0;
	self->recv_after_send = has_recv;
	self->recv_from = from_spec;
	self->rcv_kind = (uint8_t)rcv_kind;
	self->rcv_rel_us = rcv_kind == 2 ? rcv_at - now : 0;
	send_queue_add(dest, self);
	finish_wait(self, block(self, TS_WAIT_SEND, snd_kind, snd_at, 0));
}

/* The receive phase with senders queued on self: the first one self
 * accepts is picked up, and its IPC goes on (sender_done). False, with
 * nothing changed, when self accepts none of them. */
static __attribute__((noinline)) bool receive_queued(struct tcb *self)
{
	struct tcb *sender = 0, *s = self->send_head;
	do {
		if (accepts(self, s)) {
			sender = s;
			break;
		}
		s = s->send_next;
	} while (s != self->send_head);
	if (!sender)
		return false;
	word_t tag = uctx_ipc_mr0(sender);
	send_queue_remove(sender);
	word_t err = transfer(sender, tag, self);
	if (err) {
		word_t rerr = xfer_receiver_view(err & ~XFER_GONE);
		if (err & XFER_GONE) {
			set_error(self, rerr, IPC_PHASE_RECV);
			return true;
		}
		timeout_cancel(sender);
		sender->recv_after_send = false;
		sender->ipc_error = err << 1 | IPC_PHASE_SEND;
		wake(sender);
		set_recv_error(self, sender, tag, rerr);
		return true;
	}
	sender_done(sender);
	return true;
}

/* The receive phase's wait with a timeout other than never, before it
 * blocks: a zero one fails at once (false), a finite one is armed (the
 * clock read only for it). */
static __attribute__((noinline)) bool receive_timeout_arm(struct tcb *self, word_t timeout)
{
	uint64_t at = 0;
	int kind = timeout_deadline_finite(timeout, (timeout & 0x83FF) ? clock_us() : 0, &at);
	if (kind == 1) {
		set_error(self, IPC_ERR_TIMEOUT, IPC_PHASE_RECV);
		return false;
	}
	timeout_arm(self, at);
	return true;
}

/* Decode, then act, phase by phase. The common case (a Call or a
 * ReplyWait to a partner that waits for us, untyped words, the receive
 * timeout never, nothing queued for us) runs straight through; each
 * rarer case leaves it at one test, out of line. */
void sys_ipc(word_t to, word_t from_spec, word_t timeouts, word_t mr0)
{
	struct tcb *self = current, *dest = 0;

	ipc_slowpath_count++;

	/* --- send phase --- */
	if (interrupt_is_id(to)) {
		/* The handler's acknowledgement (X.2 §7.2): unmasks the line. */
		word_t err = interrupt_acknowledge(self, to);
		if (err) {
			set_error(self, err, IPC_PHASE_SEND);
			return;
		}
	} else if (to != TID_NIL) {
		dest = tcb_lookup(self, to);
		if (!dest || dest->state == TS_FREE) {
			set_error(self, IPC_ERR_NO_PARTNER, IPC_PHASE_SEND);
			return;
		}
		if (__builtin_expect((mr0 & (TAG_FLAG_P | TAG_FLAG_R)) | self->redirected, 0))
			dest = send_redirect_propagate(self, dest, &mr0);
		if (!((dest->state == TS_WAIT_RECV || dest->state == TS_WAIT_START) &&
		      accepts(dest, self))) {
			send_blocked(self, dest, from_spec, timeouts);
			return;
		}
		word_t err = transfer(self, mr0, dest);
		if (err) {
			ipc_send_failed(self, dest, mr0, err);
			return;
		}
		timeout_cancel(dest);
		wake_by(dest, self);
		if (from_spec == TID_NIL) {
			uctx_set_ipc_result(self, TID_NIL, 0, 0, 0);
			if (dest->prio > self->prio)
				schedule();
			return;
		}
	}

	if (from_spec == TID_NIL) {
		uctx_set_ipc_result(self, TID_NIL, 0, 0, 0);
		return;
	}

	/* --- receive phase --- */
	if (from_spec == TID_ANY || (from_spec == to && dest)) {
		/* Anyone, or a Call's partner: looked up for the send, and
		 * running now (we would have returned otherwise). */
	} else if (interrupt_is_id(from_spec)) {
		if (!interrupt_may_receive(self, from_spec)) {
			set_error(self, IPC_ERR_NO_PARTNER, IPC_PHASE_RECV);
			return;
		}
	} else if (from_spec != TID_ANYLOCAL) {
		struct tcb *want = tcb_lookup(self, from_spec);
		if (!want || want->state == TS_FREE) {
			set_error(self, IPC_ERR_NO_PARTNER, IPC_PHASE_RECV);
			return;
		}
	}
	self->recv_from = from_spec;
	if (self->irq_pending && interrupt_take_pending(self, from_spec))
		return;                         /* interrupts before senders */
	if (self->send_head && receive_queued(self))
		return;
	if ((timeouts & 0xFFFF) && !receive_timeout_arm(self, timeouts & 0xFFFF))
		return;
	finish_wait(self, block(self, TS_WAIT_RECV, 0, 0, dest));
}

void ipc_kernel_call(struct tcb *dest, word_t partner, word_t tag)
{
	struct tcb *self = current;
	bool redirected = self->redirected;
	if (__builtin_expect(redirected, 0))
		redirect_suspend(self); /* kernel messages are not redirected */
	if (dest->state != TS_WAIT_RECV || !accepts(dest, self) || tag_t(tag) ||
	    tag_u(tag) > NUM_MRS - 1) {
		sys_ipc(partner, partner, TIME_NEVER << 16 | TIME_NEVER, tag);
		if (__builtin_expect(redirected, 0))
			redirect_thread_joins(self);
		return;
	}
	ipc_slowpath_count++;
	/* transfer() without its checks: untyped, short, dest receiving. */
	word_t u = tag_u(tag);
	give_result(self, tag, dest, copy_message(self, dest, u), u);
	timeout_cancel(dest);
	wake_by(dest, self);
	/* The receive phase, from dest alone: no interrupt matches a thread
	 * id, and dest, waiting to receive, is in no send queue. */
	self->recv_from = partner;
	if (__builtin_expect(redirected, 0))
		redirect_thread_joins(self);
	report(self, block(self, TS_WAIT_RECV, 0, 0, dest));
}

/* ipc_kernel_call for a fault's two words (page and I/O faults) to a
 * pager in another space that already waits for anythread or for this
 * thread: the words straight into its MRs and registers, no loop, no
 * local-id cases. False, with nothing changed, when the pager does not
 * wait so; ipc_kernel_call then does the whole Call. */
bool ipc_fault_call(struct tcb *dest, word_t partner, word_t tag, word_t mr1, word_t mr2)
{
	struct tcb *self = current;
	word_t from = dest->recv_from;
	if (dest->state != TS_WAIT_RECV || dest->space == self->space ||
	    (from != TID_ANY && from != self->global_id))
		return false;
	ipc_slowpath_count++;
	word_t *dmr = utcb_word(dest, UTCB_MR(0));
	dmr[1] = mr1;
	dmr[2] = mr2;
	uctx_set_ipc_result(dest, self->global_id, tag, mr1, mr2);
	if (dest->in_timeout_list)      /* a pager's receive seldom has one */
		timeout_cancel(dest);
	wake_by(dest, self);
	self->recv_from = partner;
	word_t err = block(self, TS_WAIT_RECV, 0, 0, dest);
	if (__builtin_expect(err || self->halt_after_ipc, 0))
		report(self, err);      /* report(self, 0) does nothing else */
	return true;
}

/* ipc_error holds (code << 1 | phase) for the woken thread to report. */
static void wake_with_error(struct tcb *t, word_t code, int phase)
{
	timeout_cancel(t);
	send_queue_remove(t);
	t->recv_after_send = false;
	t->ipc_error = code << 1 | (word_t)phase;
	wake(t);
}

void ipc_end_wait(struct tcb *t, word_t code)
{
	if (t->state == TS_WAIT_SEND)
		wake_with_error(t, code, IPC_PHASE_SEND);
	else if (t->state == TS_WAIT_RECV)
		wake_with_error(t, code, IPC_PHASE_RECV);
}

void ipc_fail(struct tcb *t, word_t code, int phase)
{
	set_error(t, code, phase);
	wake_with_error(t, code, phase);
}

word_t ipc_rpc_for(struct tcb *f, struct tcb *dest, word_t tag, int kind, uint64_t at)
{
	struct tcb *self = current;
	ipc_slowpath_count++;
	/* A queued sender's tag is read from its frame (uctx_ipc_mr0). */
	uctx_set_ipc_result(f, TID_NIL, tag, 0, 0);
	f->ipc_error = 0;
	f->recv_from = tcb_id_for(dest, f);
	if (f != self)
		f->xfer_proxy = self;
	if (dest->state == TS_WAIT_RECV && accepts(dest, f)) {
		word_t u = tag_u(tag);
		give_result(f, tag, dest, copy_message(f, dest, u), u);
		timeout_cancel(dest);
		wake(dest);
		tcb_set_state(f, TS_WAIT_RECV);
	} else {
		f->recv_after_send = true;
		f->rcv_kind = kind == 2 ? 3 : 0;
		f->rcv_rel_us = at;
		send_queue_add(dest, f);
		tcb_set_state(f, TS_WAIT_SEND);
	}
	if (kind == 2)
		timeout_arm(f, at);
	if (f != self) {
		tcb_set_state(self, TS_XFER);        /* until wake() hands f's result over */
		self->ipc_error = 0;
	}
	if (dest->state == TS_RUNNING && !sched_should_preempt_for(dest))
		sched_switch_to(dest);
	else
		schedule();
	return take_error(self);
}

void ipc_timeout(struct tcb *t)
{
	if (t->state == TS_WAIT_SEND)
		wake_with_error(t, IPC_ERR_TIMEOUT, IPC_PHASE_SEND);
	else if (t->state == TS_WAIT_RECV)
		wake_with_error(t, IPC_ERR_TIMEOUT, IPC_PHASE_RECV);
}

void ipc_cancel(struct tcb *t, word_t code, bool do_send, bool do_recv)
{
	if (t->xfer) {                  /* in a transfer: aborted (xfer.c) */
		xfer_abort(t, do_send, do_recv);
		return;
	}
	if (t->state == TS_WAIT_SEND && do_send)
		wake_with_error(t, code, IPC_PHASE_SEND);
	else if (t->state == TS_WAIT_RECV && do_recv)
		wake_with_error(t, code, IPC_PHASE_RECV);
}

extern word_t thread_high_water;

void ipc_thread_gone(struct tcb *dead)
{
	if (dead->xfer)
		xfer_thread_gone(dead);
	/* Senders queued on the dead thread. */
	while (dead->send_head)
		wake_with_error(dead->send_head, IPC_ERR_NO_PARTNER, IPC_PHASE_SEND);
	/* Its own pending send. */
	send_queue_remove(dead);
	timeout_cancel(dead);
	/* Threads in a closed receive from it. */
	for (word_t no = USER_BASE; no <= thread_high_water; no++) {
		struct tcb *t = tcb_by_no(no);
		if (t == dead || t->state != TS_WAIT_RECV)
			continue;
		if (t->recv_from == dead->global_id ||
		    (tid_is_local(t->recv_from) && t->space == dead->space &&
		     t->recv_from == tcb_local_id(dead)))
			wake_with_error(t, IPC_ERR_NO_PARTNER, IPC_PHASE_RECV);
	}
}
