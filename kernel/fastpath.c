// SPDX-License-Identifier: MIT
/*
 * fastpath.c: Call and ReplyWait with a short untyped message to a partner
 * that is already waiting for us, switching straight to it (seL4 style).
 * sysenter_entry calls it before the general path. Every precondition is
 * checked first, with no side effect; any failure returns false and the
 * general path (ipc.c) handles the call. After the COMMIT POINT only state
 * changes happen, nothing can fail, and the function does not return: the
 * caller is parked in its receive phase and the CPU leaves for the partner
 * (arch_fast_switch), by sysexit straight from the partner's trap frame
 * when the fast path parked the partner too, the steady state of a
 * Call/ReplyWait loop.
 *
 * Preconditions:
 *   - a send phase to a global id, or a local id of our own space,
 *     naming a thread that waits to receive from us: from anyone, from
 *     any local thread (we are one), or from our id (global or local);
 *   - a receive phase with an infinite timeout, from anyone, from any
 *     local thread, or from the destination (a Call; its existence was
 *     just checked), and nobody queued to send to us (else we would not
 *     block);
 *   - an untyped-only message of at most FASTPATH_MAX_WORDS words, with no
 *     flags (no propagation);
 *   - the partner is not to be halted after its IPC, and no ready thread
 *     has a higher priority than the partner (the switch is the
 *     scheduler's own choice). need_resched is false here: every return
 *     to user mode passes user_return_check, and nothing in a system call
 *     before this point wakes a thread.
 */
#include "kernel.h"
#include "fastpath.h"
#include "ipc.h"
#include "sched.h"

#define FASTPATH_MAX_WORDS 8

/* The thread that local id 'id' names in self's space, or NULL. The UTCB
 * at that address says whose it is (MyGlobalId), and the TCB confirms it,
 * the same test as tcb_lookup's. The UTCB is user memory: the read may
 * fault and its answer may be forged; the confirmation is what counts. */
static inline struct tcb *local_tcb(const struct tcb *self, word_t id)
{
	word_t gid;
	if (!uctx_peek_user(id + UTCB_MY_GLOBAL_ID, &gid))
		return 0;
	struct tcb *t = tcb_of_global(gid);
	if (!t || t->space != self->space || tcb_local_id(t) != id)
		return 0;
	return t;
}

ARCH_REGCALL bool fastpath_ipc(word_t to, word_t from_spec, word_t timeouts)
{
	if (!CONFIG_FASTPATH)
		return false;
	struct tcb *self = current;
	word_t mr0 = uctx_ipc_mr0(self), u = tag_u(mr0);

	/* --- checks --- */
	if ((mr0 & 0xFFC0u) != 0 || u > FASTPATH_MAX_WORDS)
		return false;                   /* typed items or flags */
	if ((timeouts & 0xFFFF) != TIME_NEVER || self->send_head)
		return false;
	if (from_spec != to && from_spec != TID_ANY && from_spec != TID_ANYLOCAL)
		return false;
	struct tcb *dest = tid_is_local(to) ? local_tcb(self, to) : tcb_of_global(to);
	if (!dest || dest->state != TS_WAIT_RECV || dest->halt_after_ipc)
		return false;
	bool same_space = dest->space == self->space;
	word_t my_id = same_space ? tcb_local_id(self) : self->global_id;
	word_t want = dest->recv_from;
	if (want != TID_ANY && want != my_id && want != self->global_id &&
	    !(want == TID_ANYLOCAL && same_space))
		return false;
	if (sched_should_preempt_for(dest))
		return false;

	/* --- COMMIT POINT: from here on only state changes --- */
	word_t *src = utcb_word(self, UTCB_MR(0)), *dst = utcb_word(dest, UTCB_MR(0));
	for (word_t i = 3; i <= u; i++)
		dst[i] = src[i];
	uctx_set_ipc_result(dest, my_id, mr0, src[1], src[2]);
	if (dest->in_timeout_list)
		timeout_cancel(dest);
	dest->state = TS_RUNNING;
	self->recv_from = from_spec;
	self->ipc_error = 0;
	self->state = TS_WAIT_RECV;
	ipc_fastpath_hits++;
	sched_make_current(dest);
	arch_fast_switch(self, dest);
}
