/* SPDX-License-Identifier: MIT */
/*
 * xfer.h: a long message transfer in progress (X.2 §5.5-§5.7): string
 * items copied between two threads that are locked to each other until
 * the copy is done. The thread that found its partner waiting (the
 * driver, always the current thread while it copies) runs the copy; the
 * partner sleeps in TS_XFER. A page that is missing on either side
 * becomes a page-fault RPC from the thread whose space it is to that
 * thread's pager (xfer.c), bounded by the transfer timeouts; an abort
 * (ExchangeRegisters) or deletion of either side ends the transfer for
 * both, and nothing of it is left in either TCB.
 */
#pragma once
#include "tcb.h"

struct xfer {
	struct tcb *s, *r;          /* sender, receiver; NULL once deleted */
	struct tcb *driver;         /* the one of them that runs the copy */
	uint8_t partner_state;      /* the partner's state before the lock */
	bool aborted;               /* ended by ExchangeRegisters or deletion */
	bool gone;                  /* the partner was deleted */
	int dl_kind;                /* -1: not yet known; else timeout_deadline */
	uint64_t dl_at;
	word_t offset;              /* bytes of strings transferred so far */
	struct tcb *rpc;            /* the thread in a fault RPC now, or NULL */
	word_t saved_mr[NUM_MRS];   /* its MRs and BR0 around the RPC */
	word_t saved_br0;
};

/* The sides of a copy that can fault. */
enum xfer_side { XFER_SRC, XFER_DST };

/* A transfer's error as the sender reports it: offset << 3 | e (the
 * ErrorCode TCR without the phase bit); XFER_GONE is added when the
 * partner no longer exists, so nothing may be reported to it. */
#define XFER_GONE           0x80000000u
static inline word_t xfer_error(word_t code, word_t offset)
{
	return offset << 3 | code;
}
/* The same error as the receiver sees it: the "invoker's" and the
 * "partner's" space (e = 5 and 6) are swapped. */
static inline word_t xfer_receiver_view(word_t err)
{
	word_t e = err & 7;
	if (e == IPC_ERR_XFER_TIMEOUT_OWN || e == IPC_ERR_XFER_TIMEOUT_PARTNER)
		err ^= IPC_ERR_XFER_TIMEOUT_OWN ^ IPC_ERR_XFER_TIMEOUT_PARTNER;
	return err;
}

/* Locks the current thread and its partner (the other of s and r) to
 * each other; xfer_end unlocks them. */
void xfer_begin(struct xfer *x, struct tcb *s, struct tcb *r);
void xfer_end(struct xfer *x);
/* A page of 'side' at va (a user address of that side's space) was not
 * mapped with the rights the copy needs: the page-fault RPC on behalf of
 * its thread. Returns 0 to retry the piece, or the error that ends the
 * transfer (xfer_error, sender's view). */
word_t xfer_fault(struct xfer *x, enum xfer_side side, word_t va, bool write);
/* A preemption point between pieces: returns the error that ends the
 * transfer if it was aborted meanwhile, else 0. */
word_t xfer_preempt(struct xfer *x);
/* Nonzero (the error) if the transfer has been aborted. */
word_t xfer_check(struct xfer *x);

/* ExchangeRegisters on t while it is in a transfer (ipc_cancel). */
void xfer_abort(struct tcb *t, bool do_send, bool do_recv);
/* t, in a transfer, is being deleted (ipc_thread_gone). */
void xfer_thread_gone(struct tcb *t);
