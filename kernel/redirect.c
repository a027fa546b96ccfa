// SPDX-License-Identifier: MIT
/*
 * redirect.c: IPC redirection (X.2 §4.3). A space may have a redirector
 * (SpaceControl): its threads may then send only to threads of their own
 * space and of the redirector's space; any other send goes to the
 * redirector instead, which receives it with the r bit in its tag and
 * the intended receiver (its global id) in its IntendedReceiver TCR. The
 * redirector usually passes it on by propagation (propagate.c), which it
 * is permitted to do for the threads it redirects. Anythread ends
 * redirection.
 *
 * Each thread of such a space carries the byte 'redirected', inside the
 * word the IPC fast path already tests (fast_decline), so redirected
 * senders always take the general path; threads entering the space
 * (creation, migration) take its setting. Not redirected: an interrupt
 * thread's acknowledgement, and the messages the kernel sends for a
 * thread (faults, exceptions, preemptions), which go to the pager or
 * handler its creator chose.
 */
#include "kernel.h"
#include "redirect.h"
#include "space.h"

word_t redirect_check(const struct tcb *self, word_t redirector)
{
	if (redirector == TID_NIL || redirector == TID_ANY)
		return 0;
	struct tcb *r = tcb_lookup(self, redirector);
	return r && r->state != TS_FREE ? 0 : ERR_INVALID_PARAM;
}

void redirect_set(struct space *s, const struct tcb *self, word_t redirector)
{
	if (redirector == TID_NIL)
		return;
	s->redirector = redirector == TID_ANY ? 0 : tcb_lookup(self, redirector)->global_id;
	for (struct tcb *t = s->threads; t; t = t->space_next)
		t->redirected = s->redirector != 0;
}


struct tcb *redirect_target(struct tcb *self, struct tcb *dest)
{
	self->ipc_intended = 0;
	struct tcb *r = tcb_of_global(self->space->redirector);
	/* A redirector that is gone redirects nothing (its space can be
	 * given another by SpaceControl). */
	if (!r || dest->space == self->space || dest->space == r->space)
		return dest;
	self->ipc_intended = dest->global_id;
	return r;
}
