// SPDX-License-Identifier: MIT
/*
 * xfer.c: the lock between the two partners of a long transfer, its page
 * faults, its timeouts, and its end by abort or deletion (X.2 §5.7:
 * "Pagefaults", XferTimeouts, errors 4-7).
 *
 * A page missing in a thread's space during the copy is that thread's
 * page fault: its pager gets the usual page-fault message (MR1 the
 * address, MR2 the thread's IP, the access in the label) from that
 * thread, and its reply maps into that thread's space. When the thread
 * is the driver (the current thread), it makes the RPC itself; when it is
 * the partner, the driver puts the partner through the RPC on its behalf
 * (ipc_rpc_for) and sleeps until the RPC is over. Either way the thread's
 * MRs and BR0, which the RPC borrows, are put back afterwards.
 *
 * The transfer timeout (the smaller of the sender's XferTimeouts send
 * half and the receiver's receive half) becomes absolute at the first
 * fault and bounds both phases of every fault RPC. Errors are given as
 * the sender sees them (xfer.h): 5 for a fault in the sender's space, 6
 * in the receiver's.
 */
#include "kernel.h"
#include "xfer.h"
#include "ipc.h"
#include "sched.h"
#include "clock.h"
#include "mapdb.h"
#include "../arch/ia32/uctx.h"

#define LABEL_PAGEFAULT  0xFFE0u        /* -2 << 4 */

static struct tcb *partner_of(const struct xfer *x)
{
	return x->driver == x->s ? x->r : x->s;
}

void xfer_begin(struct xfer *x, struct tcb *s, struct tcb *r)
{
	x->s = s;
	x->r = r;
	x->driver = current;
	x->aborted = x->gone = false;
	x->dl_kind = -1;
	x->dl_at = 0;
	x->offset = 0;
	x->rpc = 0;
	struct tcb *p = partner_of(x);
	x->partner_state = p->state;
	tcb_set_state(p, TS_XFER);
	timeout_cancel(p);
	sched_dequeue(p);
	s->xfer = r->xfer = x;
}

void xfer_end(struct xfer *x)
{
	struct tcb *p = partner_of(x);
	if (p) {
		tcb_set_state(p, x->partner_state);
		p->xfer = 0;
	}
	x->driver->xfer = 0;
}

word_t xfer_check(struct xfer *x)
{
	if (!x->aborted)
		return 0;
	return xfer_error(IPC_ERR_ABORTED, x->offset) | (x->gone ? XFER_GONE : 0);
}

word_t xfer_preempt(struct xfer *x)
{
	if (need_resched)
		schedule();
	return xfer_check(x);
}

/* The effective transfer timeout, fixed at the first fault. */
static void deadline(struct xfer *x)
{
	uint64_t now = clock_us(), as = 0, ar = 0;
	word_t ts = *utcb_word(x->s, UTCB_XFER_TIMEOUTS) >> 16;
	word_t tr = *utcb_word(x->r, UTCB_XFER_TIMEOUTS) & 0xFFFF;
	int ks = timeout_deadline(ts, now, &as), kr = timeout_deadline(tr, now, &ar);
	if (ks == 1 || kr == 1) {
		x->dl_kind = 1;
	} else if (ks == 0 && kr == 0) {
		x->dl_kind = 0;
	} else {
		x->dl_kind = 2;
		x->dl_at = ks == 0 ? ar : kr == 0 ? as : (as < ar ? as : ar);
	}
}

static void save_msg(struct xfer *x, struct tcb *f)
{
	for (word_t i = 0; i < NUM_MRS; i++)
		x->saved_mr[i] = *utcb_word(f, UTCB_MR(i));
	x->saved_br0 = *utcb_word(f, UTCB_BR(0));
}

static void restore_msg(const struct xfer *x, struct tcb *f)
{
	for (word_t i = 0; i < NUM_MRS; i++)
		*utcb_word(f, UTCB_MR(i)) = x->saved_mr[i];
	*utcb_word(f, UTCB_BR(0)) = x->saved_br0;
}

word_t xfer_fault(struct xfer *x, enum xfer_side side, word_t va, bool write)
{
	word_t err = xfer_check(x);
	if (err)
		return err;
	struct tcb *f = side == XFER_SRC ? x->s : x->r;
	word_t timed_out = xfer_error(side == XFER_SRC ? IPC_ERR_XFER_TIMEOUT_OWN
	                                               : IPC_ERR_XFER_TIMEOUT_PARTNER, x->offset);
	if (x->dl_kind < 0)
		deadline(x);
	if (x->dl_kind == 1 || (x->dl_kind == 2 && clock_us() >= x->dl_at))
		return timed_out;
	/* A fault nobody can serve ends the transfer as its timeout would:
	 * no pager, or a pager that is one of the two locked threads. */
	struct tcb *pager = tcb_lookup(f, tcb_pager(f));
	if (!pager || pager->state == TS_FREE || pager == x->s || pager == x->r)
		return timed_out;
	save_msg(x, f);
	word_t tag = (word_t)LABEL_PAGEFAULT << 16 | (write ? RIGHT_W : RIGHT_R) << 16 | 2;
	*utcb_word(f, UTCB_MR(0)) = tag;
	*utcb_word(f, UTCB_MR(1)) = va;
	*utcb_word(f, UTCB_MR(2)) = uctx_ip(f);
	*utcb_word(f, UTCB_BR(0)) = 1u << 4;           /* CompleteAddressSpace */
	x->rpc = f;
	word_t rpc_err = ipc_rpc_for(f, pager, tag, x->dl_kind, x->dl_at);
	x->rpc = 0;
	err = xfer_check(x);
	if (f == x->driver || !x->gone)
		restore_msg(x, f);
	if (err)
		return err;
	return rpc_err ? timed_out : 0;
}

void xfer_abort(struct tcb *t, bool do_send, bool do_recv)
{
	struct xfer *x = t->xfer;
	if ((t == x->s && !do_send) || (t == x->r && !do_recv))
		return;
	x->aborted = true;
	struct tcb *f = x->rpc;
	if (f && (f->state == TS_WAIT_SEND || f->state == TS_WAIT_RECV))
		ipc_end_wait(f, IPC_ERR_ABORTED);       /* wakes the driver */
}

void xfer_thread_gone(struct tcb *t)
{
	struct xfer *x = t->xfer;
	t->xfer = 0;
	if (x->gone)
		return;
	struct tcb *d = x->driver;
	if (t != d) {
		/* The partner: the driver finds the transfer aborted. */
		x->aborted = x->gone = true;
		if (t == x->s)
			x->s = 0;
		else
			x->r = 0;
		if (x->rpc == t) {
			/* In the RPC on the driver's behalf: the caller
			 * (ipc_thread_gone) takes it out of queues and
			 * timeouts; the driver waits in TS_XFER. */
			t->xfer_proxy = 0;
			x->rpc = 0;
			d->ipc_error = IPC_ERR_ABORTED << 1;
			sched_ready(d);
		} else if (x->rpc == d) {
			ipc_end_wait(d, IPC_ERR_ABORTED);
		}
		return;
	}
	/* The driver dies: its stack, and the copy on it, go. The partner's
	 * IPC fails as aborted, its borrowed MRs back (x is still there). */
	struct tcb *p = partner_of(x);
	x->gone = true;
	p->xfer = 0;
	tcb_set_state(p, x->partner_state);
	if (x->rpc == p) {
		p->xfer_proxy = 0;
		restore_msg(x, p);
	}
	int phase = p == x->s ? IPC_PHASE_SEND : IPC_PHASE_RECV;
	ipc_fail(p, xfer_error(IPC_ERR_ABORTED, x->offset), phase);
}
