/* SPDX-License-Identifier: MIT */
/*
 * ipc.h: synchronous IPC (X.2 §5.7): a send phase, then a receive phase,
 * in one call. The general path lives in ipc.c; the fast path (fastpath.c)
 * handles the common short-message cases and falls back here.
 */
#pragma once
#include "tcb.h"

/* The Ipc system call for the current thread. Results (from, MR0-MR2,
 * ErrorCode) are written into the caller's context before it returns. */
void sys_ipc(word_t to, word_t from_spec, word_t timeouts, word_t mr0);
/* A Call the kernel makes for the current thread (fault and exception
 * IPC): to dest, known to the thread as 'partner', an untyped message,
 * both timeouts never. When dest already waits for the thread, as a
 * pager in its loop does, the rendezvous skips sys_ipc's decoding and
 * second lookup; otherwise it is sys_ipc. */
void ipc_kernel_call(struct tcb *dest, word_t partner, word_t tag);
/* The same for a fault message of two untyped words (tag without flags)
 * to a pager in another space waiting for the thread; false, with
 * nothing changed, when it does not wait so. */
bool ipc_fault_call(struct tcb *dest, word_t partner, word_t tag, word_t mr1, word_t mr2);

/* The page-fault RPC of a long transfer (xfer.c): f calls dest with the
 * message in its MR0..u (tag 'tag'), both phases bounded by the deadline
 * (kind and at as timeout_deadline gives them). f is the current thread,
 * which blocks, or the current thread's partner, which the RPC runs for
 * while the current thread waits in TS_XFER. Returns the RPC's error
 * (code << 1 | phase) or 0. */
word_t ipc_rpc_for(struct tcb *f, struct tcb *dest, word_t tag, int kind, uint64_t at);
/* Ends t's wait in a send or receive phase with error 'code'. */
void ipc_end_wait(struct tcb *t, word_t code);
/* Fails the IPC of t, blocked (or locked in a transfer), with 'code'
 * (ErrorCode without the phase bit) in 'phase', and makes it runnable. */
void ipc_fail(struct tcb *t, word_t code, int phase);

/* The general path's end of a send to dest that failed with err (an IPC
 * error code, maybe with XFER_GONE): dest fails in its receive phase,
 * unless gone, and self in its send phase. For fault_reply.c. */
void ipc_send_failed(struct tcb *self, struct tcb *dest, word_t mr0, word_t err);
/* The general path's end of a send whose message (tag, MR1, MR2) is in
 * dest's MRs, dest having waited for self: dest gets its outputs and
 * runs, and self waits to receive from anyone, no timeout. For
 * fault_reply.c. */
void ipc_sent_then_wait_any(struct tcb *self, struct tcb *dest, word_t tag, word_t mr1,
                            word_t mr2);

/* A blocked thread's timeout expired (called from the timer tick). */
void ipc_timeout(struct tcb *t);
/* Ends t's pending IPC with an error (ExchangeRegisters, deletion). */
void ipc_cancel(struct tcb *t, word_t code, bool only_send, bool only_recv);
/* Detaches a dying thread: partners waiting on it fail with "no partner". */
void ipc_thread_gone(struct tcb *t);

/* After a thread blocked in IPC is woken: reports an error, applies a
 * pending halt. */
void ipc_finish_wait(struct tcb *self);

/* Deadline of a 16-bit X.2 timeout: returns 0 for never, 1 for zero,
 * 2 for a finite deadline stored in *at (absolute µs). Never, the common
 * case, is decided inline. */
int timeout_deadline_finite(word_t timeout, uint64_t now, uint64_t *at);
static inline int timeout_deadline(word_t timeout, uint64_t now, uint64_t *at)
{
	if ((timeout & 0xFFFF) == TIME_NEVER)
		return 0;
	return timeout_deadline_finite(timeout, now, at);
}

/* Statistics for tests and the benchmark. */
extern uint32_t ipc_slowpath_count;
/* The IPC fast path counts its calls by the switch it made, in one
 * increment that for another large space also counts its CR3 load
 * (sysenter.asm): within one space, another large space, anything else. */
extern uint32_t fastpath_same_space, fastpath_cr3, fastpath_other;
/* ... and to a small space, by a load of GDTR only (also a segment
 * reload: segment_reload_count, uctx.h). */
extern uint32_t fastpath_small;
/* A pager's one-page answer to a fault taken on its own path
 * (fault_reply.c) counts as a fast call too. */
extern uint32_t ipc_fault_reply_hits;
/* So does a fault sent on the page fault's own path (faultpath.c). */
extern uint32_t ipc_fault_fast_hits;
static inline uint32_t ipc_fastpath_count(void)
{
	return fastpath_same_space + fastpath_cr3 + fastpath_other + fastpath_small + ipc_fault_reply_hits +
	       ipc_fault_fast_hits;
}
