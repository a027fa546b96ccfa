// SPDX-License-Identifier: MIT
/*
 * exregs.c: ExchangeRegisters (X.2 §2.3): read and write a thread's IP, SP,
 * FLAGS, pager and UserDefinedHandle, halt and resume it, cancel its IPC.
 * The destination must be a thread of the caller's own space.
 */
#include "kernel.h"
#include "syscalls.h"
#include "sched.h"
#include "ipc.h"
#include "ctrlxfer.h"
#include "xfer.h"
#include "../arch/ia32/uctx.h"

#define XR_H   (1u << 0)
#define XR_R   (1u << 1)
#define XR_S   (1u << 2)
#define XR_SP  (1u << 3)
#define XR_IP  (1u << 4)
#define XR_FL  (1u << 5)
#define XR_UH  (1u << 6)
#define XR_PG  (1u << 7)
#define XR_h   (1u << 8)
#define XR_d   (1u << 9)

word_t sys_exchange_registers(word_t dest, struct exregs *io)
{
	struct tcb *self = current;
	struct tcb *t = tcb_lookup(self, dest);
	if (!t || t->space != self->space || t->state == TS_FREE || !t->utcb) {
		set_error_code(ERR_INVALID_THREAD);
		return TID_NIL;
	}
	word_t c = io->control;
	struct exregs old = {
		.control = (t->state == TS_HALTED ? XR_H : 0) |
		           (t->state == TS_WAIT_RECV || t->state == TS_WAIT_START ||
		            (t->xfer && t->xfer->r == t) ? XR_R : 0) |
		           (t->state == TS_WAIT_SEND || (t->xfer && t->xfer->s == t) ? XR_S : 0),
		.sp = uctx_sp(t), .ip = uctx_ip(t), .flags = uctx_flags(t),
		.user_handle = t->user_handle, .pager = tcb_pager(t),
	};

	/* Control-transfer items (C, R, W, X.2 §2.3): all checked before
	 * anything changes; read, then written, before the fields below. */
	word_t cx = c & (XR_CTRLXFER_C | XR_CTRLXFER_R | XR_CTRLXFER_W);
	if (cx) {
		word_t err = ctrlxfer_exregs(self, t, cx);
		if (err) {
			set_error_code(err);
			return TID_NIL;
		}
	}
	/* Cancel pending IPC first, so the register writes take effect now. */
	if (c & (XR_S | XR_R))
		ipc_cancel(t, IPC_ERR_CANCELED, c & XR_S, c & XR_R);
	/* A new thread is in a receive of its start message (X.2 §2.4): R
	 * cancels it like any receive, and the thread runs at the IP and SP
	 * given here (L4_Start_SpIp). It entered no IPC: nothing to report.
	 * ThreadControl's version change does not do this (ipc_cancel). */
	if ((c & XR_R) && t->state == TS_WAIT_START) {
		sched_ready(t);
		if (t->halt_after_ipc) {                /* stopped while waiting */
			t->halt_after_ipc = false;
			tcb_set_state(t, TS_HALTED);
			sched_dequeue(t);
		}
	}
	if (c & XR_SP)
		uctx_set_sp(t, io->sp);
	if (c & XR_IP)
		uctx_set_ip(t, io->ip);
	if (c & XR_FL)
		uctx_set_flags(t, io->flags);
	if (c & XR_UH) {
		t->user_handle = io->user_handle;
		*utcb_word(t, UTCB_USER_HANDLE) = io->user_handle;
	}
	if (c & XR_PG) {
		t->pager = io->pager;
		*utcb_word(t, UTCB_PAGER) = io->pager;
	}
	if (c & XR_h) {
		if (c & XR_H) {                         /* halt */
			if (t->state == TS_RUNNING) {
				tcb_set_state(t, TS_HALTED);
				sched_dequeue(t);
			} else if (t->state != TS_HALTED) {
				t->halt_after_ipc = true;       /* after its IPC */
			}
		} else {                                /* resume */
			t->halt_after_ipc = false;
			if (t->state == TS_HALTED)
				sched_ready(t);
		}
	}
	if (c & XR_d)
		*io = old;
	word_t result = tid_is_local(dest) ? t->global_id : tcb_local_id(t);
	if (t == self && t->state == TS_HALTED)
		schedule();
	return result;
}
