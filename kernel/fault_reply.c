// SPDX-License-Identifier: MIT
/*
 * fault_reply.c: the fast path of a pager's answer to a page fault. A
 * pager's loop (libl4/src/pager/loop.c) answers each fault with
 * ReplyWait: one map item of one 4 KiB page to the faulting thread,
 * which waits in the kernel's fault IPC for exactly this pager
 * (arch/ia32/fault_ipc.c), then a wait for the next fault from anyone.
 * The general path (sys_ipc) decodes both phases, walks the typed items
 * and scans the send queue; here the case is recognised at once.
 *
 * Preconditions, all checked before anything changes; if any fails, the
 * general path does the whole IPC:
 *   - the tag: u = 0, t = 2, no flags; MR1 a map item (not a grant),
 *     MR2 an fpage of one 4 KiB page (not an IO fpage);
 *   - the receive phase: from anythread, timeout never (the send
 *     timeout is moot: the partner waits already);
 *   - the partner: a thread waiting to receive (TS_WAIT_RECV) from this
 *     thread's global id, in another space, not a transfer's fault RPC
 *     (xfer_proxy) nor in the extended fault protocol (cx_defer);
 *   - this thread: no sender queued for it, no interrupt pending for it,
 *     no halt pending, its space without a redirector (redirect.c).
 * Commit point: past the checks the message goes to the partner and the
 * page is mapped as on the general path (transfer; ipc_map_page is
 * ipc_map_item for an item whose kind is known); a map that fails fails
 * the IPC for both as there (ipc_send_failed). Then the
 * partner runs on this thread's time and this thread waits for anyone:
 * straight, with this thread parked as the IPC fast path parks one, where
 * arch/ia32/faultpath.c's conditions hold (faultpath_reply), else as the
 * general path ends a send (ipc_sent_then_wait_any).
 * make FASTPATH=0 leaves it out: the suites run without it too.
 */
#include "kernel.h"
#include "fault_reply.h"
#include "ipc.h"
#include "mapitem.h"
#include "mapdb.h"
#include "iofpage.h"
#include "interrupt.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/faultpath.h"

bool fault_reply_fast_checked(struct tcb *self, word_t to, word_t from_spec, word_t timeouts,
                              word_t tag)
{
	if ((tag & 0xFFFF) != FAULT_REPLY_TAG || from_spec != TID_ANY ||
	    (timeouts & 0xFFFF) != TIME_NEVER || to == TID_NIL || interrupt_is_id(to))
		return false;
	struct tcb *dest = tcb_lookup(self, to);
	if (!dest || dest->state != TS_WAIT_RECV || dest->recv_from != self->global_id ||
	    dest->space == self->space || dest->xfer_proxy || dest->cx_defer)
		return false;
	if (self->send_head || self->irq_pending || self->halt_after_ipc || self->redirected)
		return false;
	const word_t *mr = utcb_word(self, UTCB_MR(0));
	word_t item = mr[1], fpage = mr[2];
	if ((item & ITEM_TYPE_MASK) != ITEM_MAP || fpage_log2(fpage) != PAGE_SHIFT ||
	    iofpage_is(fpage))
		return false;

	/* --- commit point --- */
	ipc_fault_reply_hits++;
	word_t *dmr = utcb_word(dest, UTCB_MR(0));
	dmr[1] = item;
	dmr[2] = fpage;
	word_t window = *utcb_word(dest, UTCB_BR(0)) & ~0xFu;
	word_t err = ipc_map_page(self, dest, item, fpage, window);
	mapdb_reclaim_idle();           /* a mapping it replaced may leave sigma0's idle */
	if (err) {
		ipc_send_failed(self, dest, tag, err);
		return true;
	}
	if (!faultpath_reply(self, dest, tag, item, fpage))      /* returns if it declines */
		ipc_sent_then_wait_any(self, dest, tag, item, fpage);
	return true;
}
