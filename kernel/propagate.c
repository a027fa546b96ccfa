// SPDX-License-Identifier: MIT
/*
 * propagate.c: propagated IPC (X.2 §5.7). A sender with the p bit in its
 * tag names an originator in its VirtualSender TCR. The propagation is
 * permitted when originator and sender, or sender and receiver, share a
 * space, or when the sender is the originator's redirector (or one of a
 * chain of redirectors from the originator's space on, redirect.c);
 * otherwise the message goes unpropagated (p cleared). Permitted: the
 * receiver sees the originator as the sender, p set in its tag, and the
 * actual sender in its ActualSender TCR; an originator in a closed
 * receive from the sender (waiting for its reply) now waits for the
 * receiver instead. Not supported: an interrupt thread as the
 * originator (interrupt threads have no TCB here; such a send goes
 * unpropagated).
 *
 * The decision is taken once per send (propagate_prepare) and kept in
 * the sender's TCB; the receiver's view is built when the message is
 * delivered (ipc_sender_view), also for a sender that waited in a queue.
 * A closed receive matches the actual sender, not the originator.
 */
#include "kernel.h"
#include "propagate.h"
#include "space.h"

#define REDIRECTOR_CHAIN_MAX 16         /* spaces looked through */

/* Is 'self' the redirector of 'orig', directly or through a chain? */
static bool redirects(const struct tcb *self, const struct tcb *orig)
{
	const struct space *s = orig->space;
	for (int n = 0; s && n < REDIRECTOR_CHAIN_MAX; n++) {
		const struct tcb *r = tcb_of_global(s->redirector);
		if (!r)
			return false;
		if (r == self)
			return true;
		s = r->space;
	}
	return false;
}

static bool waits_for(const struct tcb *orig, const struct tcb *self)
{
	word_t from = orig->recv_from;
	return orig->state == TS_WAIT_RECV &&
	       (from == self->global_id ||
	        (tid_is_local(from) && orig->space == self->space && from == tcb_local_id(self)));
}

void propagate_prepare(struct tcb *self, struct tcb *dest)
{
	word_t v = *utcb_word(self, UTCB_VIRTUAL_SENDER);
	struct tcb *orig = tcb_lookup(self, v);
	self->ipc_virtual_sender = 0;
	if (!orig || orig->state == TS_FREE || !orig->space)
		return;
	if (orig->space != self->space && self->space != dest->space && !redirects(self, orig))
		return;
	self->ipc_virtual_sender = orig->global_id;
	if (orig != self && waits_for(orig, self))
		orig->recv_from = tcb_id_for(dest, orig);
}

void ipc_sender_view(const struct tcb *s, struct tcb *r, word_t tag, word_t *from,
                     word_t *rtag)
{
	if (tag & TAG_FLAG_P) {
		const struct tcb *orig = tcb_of_global(s->ipc_virtual_sender);
		if (orig) {
			*from = tcb_id_for(orig, r);
			*rtag |= TAG_FLAG_P;
			*utcb_word(r, UTCB_VIRTUAL_SENDER) = tcb_id_for(s, r);  /* ActualSender */
		}
	}
	if ((tag & TAG_FLAG_R) && s->redirected && s->ipc_intended) {
		*rtag |= TAG_FLAG_R;
		*utcb_word(r, UTCB_INTENDED_RECEIVER) = s->ipc_intended;
	}
}
