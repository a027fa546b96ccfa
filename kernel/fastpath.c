// SPDX-License-Identifier: MIT
/*
 * fastpath.c: Call and ReplyWait with a short untyped message to a partner
 * that is already waiting for us, switching straight to it (seL4 style).
 * sysenter_entry calls it first, and it does not return. Every
 * precondition is checked first, with no side effect; a failed one hands
 * the untouched call to the general path (ipc.c, through
 * arch_ipc_general_path). After the COMMIT POINT only state changes
 * happen and nothing can fail: the caller is parked in its receive phase
 * and the CPU leaves for the partner (arch_fast_switch), by sysexit
 * straight from the partner's trap frame when the fast path parked the
 * partner too, the steady state of a Call/ReplyWait loop.
 *
 * The code is laid out for the compiler as much as for the reader: no
 * call on the way that returns (rare cases are failed checks instead),
 * so that everything stays in registers (see kernel/Makefile.frag).
 *
 * Preconditions:
 *   - a send phase to a global id, or a local id of our own space,
 *     naming a thread that waits to receive from us: from anyone, from
 *     any local thread (we are one), or from our id (global or local);
 *   - a receive phase with an infinite timeout, from anyone, from any
 *     local thread, or from the destination (a Call; its existence was
 *     just checked), and nobody queued to send to us and no interrupt
 *     pending for us (else we would not block);
 *   - our FPU state is not live in the CPU (we have not touched the FPU
 *     since we were switched to): else the general switch protects it;
 *   - an untyped-only message (any length: MR1 and MR2 travel in
 *     registers, MR3 and up are one string move), with no flags (no
 *     propagation);
 *   - the partner has no receive timeout armed and is still in its ready
 *     queue (lazy queueing): the other cases, rare, take the general path;
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

#define FASTPATH_MAX_WORDS 63

_Static_assert(offsetof(struct tcb, halt_after_ipc) == offsetof(struct tcb, fast_gate) + 1 &&
               offsetof(struct tcb, in_timeout_list) == offsetof(struct tcb, fast_gate) + 2 &&
               offsetof(struct tcb, in_ready_queue) == offsetof(struct tcb, fast_gate) + 3,
               "FAST_PARTNER_GATE's byte order");

/* Does r, waiting to receive, take a message from s, which it knows as
 * s_id (local iff they share a space)? accepts() in ipc.c, cheaper. */
static inline bool waits_for(const struct tcb *r, const struct tcb *s, word_t s_id)
{
	word_t want = r->recv_from;
	if (want == TID_ANY || want == s_id || want == s->global_id)
		return true;
	return want == TID_ANYLOCAL && tid_is_local(s_id);
}

/* MR 3..u, by string move (one instruction per word); out of line, as
 * the rarer case, so that the common one keeps its registers. */
static __attribute__((noinline)) void copy_mrs(word_t *dst, const word_t *src, word_t u)
{
	word_t n = u - 2;
	dst += 3;
	src += 3;
	__asm__ __volatile__("rep movsl" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

/* A failed check: nothing has changed, the general path takes over. */
#define DECLINE_IF(cond) do { if (cond) arch_ipc_general_path(); } while (0)

ARCH_REGCALL void fastpath_ipc(word_t to, word_t from_spec, word_t timeouts)
{
	DECLINE_IF(!CONFIG_FASTPATH);
	struct tcb *self = current, *dest;
	word_t mr0 = uctx_ipc_mr0(self);

	/* --- checks --- */
	/* No typed items, no flags (then the low half is u alone). */
	DECLINE_IF((mr0 & 0xFFFF) > FASTPATH_MAX_WORDS);
	DECLINE_IF((timeouts & 0xFFFF) != TIME_NEVER || self->send_head != 0);
	/* An interrupt waits for us, or our FPU state is live (the general
	 * switch protects it: arch_switch). */
	DECLINE_IF(self->fast_decline);
	if (from_spec != TID_ANY)
		DECLINE_IF(from_spec != to && from_spec != TID_ANYLOCAL);
	word_t my_id = self->global_id;
	if (tid_is_local(to)) {
		/* The UTCB at that address names its owner (MyGlobalId), and
		 * the owner's TCB must confirm it, as in tcb_lookup. The UTCB
		 * is user memory: the read may fault and the name may be
		 * forged; the confirmation is what counts. */
		word_t gid;
		DECLINE_IF(!uctx_peek_user(to + UTCB_MY_GLOBAL_ID, &gid));
		dest = tcb_of_global(gid);
		DECLINE_IF(!dest || dest->space != self->space || tcb_local_id(dest) != to);
		my_id = tcb_local_id(self);
	} else {
		dest = tcb_of_global(to);
		DECLINE_IF(!dest);
		if (dest->space == self->space)
			my_id = tcb_local_id(self);
	}
	/* Waiting to receive and not to be halted; rare cases that would
	 * need a call here: a receive timeout to cancel, a partner the
	 * scheduler has taken out of its ready queue. One compare. */
	DECLINE_IF(dest->fast_gate != FAST_PARTNER_GATE);
	DECLINE_IF(!waits_for(dest, self, my_id));
	DECLINE_IF(sched_should_preempt_for(dest));

	/* --- COMMIT POINT: from here on only state changes --- */
	self->recv_from = from_spec;
	self->ipc_error = 0;
	self->state = TS_WAIT_RECV;
	dest->state = TS_RUNNING;
	word_t *src = utcb_word(self, UTCB_MR(0));
	word_t u = tag_u(mr0);
	if (u > 2)                              /* MR1 and MR2 go in registers */
		copy_mrs(utcb_word(dest, UTCB_MR(0)), src, u);
	/* Words the sender did not send reach nobody: MR1 and MR2 of its
	 * UTCB may hold an earlier message, another client's. */
	uctx_set_ipc_result(dest, my_id, mr0, u >= 1 ? src[1] : 0, u >= 2 ? src[2] : 0);
	ipc_fastpath_hits++;
	current = dest;
	arch_fast_switch(self, dest);
}
