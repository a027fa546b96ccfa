// SPDX-License-Identifier: MIT
/*
 * fastpath.c: Call and ReplyWait with a short untyped message to a partner
 * that is already waiting for us, switching straight to it (seL4 style).
 * Every precondition is checked first, with no side effect; any failure
 * returns false and the general path (ipc.c) handles the call. After the
 * COMMIT POINT only state changes happen, and nothing can fail.
 *
 * Preconditions:
 *   - a send phase to a global id naming a thread waiting to receive from
 *     us (open, or closed on our id);
 *   - a receive phase with an infinite timeout (Call: from = to; ReplyWait:
 *     from = anything), and nobody queued to send to us (else we would not
 *     block);
 *   - an untyped-only message of at most FASTPATH_MAX_WORDS words, with no
 *     flags (no propagation);
 *   - the partner is not to be halted after its IPC, and no ready thread
 *     has a higher priority than the partner (the switch is the
 *     scheduler's own choice).
 */
#include "kernel.h"
#include "fastpath.h"
#include "ipc.h"
#include "sched.h"
#include "../arch/ia32/uctx.h"

#define FASTPATH_MAX_WORDS 8

bool fastpath_ipc(word_t to, word_t from_spec, word_t timeouts, word_t mr0)
{
	if (!CONFIG_FASTPATH)
		return false;
	struct tcb *self = current;
	word_t u = tag_u(mr0);

	/* --- checks --- */
	if ((mr0 & 0xFFC0u) != 0 || u > FASTPATH_MAX_WORDS)
		return false;                   /* typed items or flags */
	if ((timeouts & 0xFFFF) != TIME_NEVER || from_spec == TID_NIL ||
	    from_spec == TID_ANYLOCAL || tid_is_local(from_spec))
		return false;
	if (self->send_head)
		return false;
	struct tcb *dest = tcb_of_global(to);
	if (!dest || dest->state != TS_WAIT_RECV || dest->halt_after_ipc)
		return false;
	if (dest->recv_from != TID_ANY && dest->recv_from != self->global_id)
		return false;
	if (sched_should_preempt_for(dest))
		return false;

	/* --- COMMIT POINT: from here on only state changes --- */
	word_t *src = utcb_word(self, UTCB_MR(0)), *dst = utcb_word(dest, UTCB_MR(0));
	for (word_t i = 3; i <= u; i++)
		dst[i] = src[i];
	uctx_set_ipc_result(dest, tcb_id_for(self, dest), mr0 & 0xFFFF003Fu,
	                    src[1], src[2]);
	if (dest->in_timeout_list)
		timeout_cancel(dest);
	dest->state = TS_RUNNING;
	self->recv_from = from_spec;
	self->ipc_error = 0;
	self->state = TS_WAIT_RECV;
	ipc_fastpath_hits++;
	sched_switch_to(dest);

	/* Back: someone delivered our reply, or our wait ended with an error. */
	ipc_finish_wait(self);
	return true;
}
