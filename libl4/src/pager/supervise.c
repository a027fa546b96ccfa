// SPDX-License-Identifier: MIT
/*
 * supervise.c: the client side of a refused fault. The supervisor is a
 * thread of the client's space (ExchangeRegisters works only there, X.2
 * §2.3). It believes a report only from the faulting thread's own pager,
 * then cancels the thread's fault IPC and restarts it at the error entry:
 * the thread's fault ends in an error, as a SIGSEGV would. The entry runs
 * on the faulting stack, or on a stack of its own (as sigaltstack): a
 * fault on a guard page below an overflowed stack would otherwise fault
 * again at the entry's first push, for ever.
 */
#include <l4/pager.h>

volatile struct pager_fault_error pager_last_error;
volatile L4_Word_t pager_errors_seen;

void pager_supervise_on_stack(void (*entry)(void), void *stack_top)
{
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag) || L4_Label(tag) != PAGER_LABEL_FAULT_ERROR)
			continue;
		if (L4_UntypedWords(tag) == 0) {
			/* A ping: whoever started us learns that we run. */
			L4_Set_MsgTag(L4_Niltag);
			L4_Reply(from);
			continue;
		}
		if (L4_UntypedWords(tag) != 4)
			continue;
		L4_Word_t w[4];
		L4_StoreMRs(1, 4, w);
		L4_ThreadId_t t = { .raw = w[0] };
		L4_Word_t old[6];
		/* Read the thread's pager first: only it may report. */
		if (L4_IsNilThread(__L4_ExReg(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, old)) ||
		    old[5] != from.raw)
			continue;
		pager_last_error.thread = t;
		pager_last_error.addr = w[1];
		pager_last_error.ip = w[2];
		pager_last_error.access = w[3];
		pager_last_error.sp = old[1];
		pager_errors_seen++;
		L4_Word_t control = L4_ExReg_AbortIpc | L4_ExReg_ip;
		if (stack_top)
			control |= L4_ExReg_sp;
		__L4_ExReg(t, control, (L4_Word_t)stack_top, (L4_Word_t)entry, 0, 0,
		           L4_nilthread, 0);
	}
}

void pager_supervise(void (*entry)(void))
{
	pager_supervise_on_stack(entry, 0);
}
