// SPDX-License-Identifier: MIT
/*
 * util.c: what the tests share: slot tables, and thread creation on
 * libl4's (l4/process.h) with a diagnostic line when it fails.
 */
#include "util.h"

L4_ThreadId_t root_id;

unsigned slot_free(const L4_ThreadId_t *owner, unsigned n)
{
	unsigned slot = 0;
	while (slot < n && !L4_IsNilThread(owner[slot]))
		slot++;
	return slot;
}

void slot_release(L4_ThreadId_t *owner, unsigned n, L4_ThreadId_t t)
{
	for (unsigned slot = 0; slot < n; slot++)
		if (owner[slot].raw == t.raw)
			owner[slot] = L4_nilthread;
}

/* Threads come from libl4 (l4/process.h); these report failures as the
 * tests' diagnostics. */
L4_ThreadId_t thread_create(L4_Word_t *sp)
{
	L4_ThreadId_t t = L4_CreateThread(sp);
	if (L4_IsNilThread(t))
		printf("# ThreadControl failed, ErrorCode %lu\n", L4_ErrorCode());
	return t;
}

L4_ThreadId_t thread_start(void (*fn)(void))
{
	L4_ThreadId_t t = L4_StartThread(fn);
	if (L4_IsNilThread(t))
		printf("# starting a thread failed, ErrorCode %lu\n", L4_ErrorCode());
	return t;
}

bool thread_kill(L4_ThreadId_t t)
{
	return L4_DeleteThread(t);
}

void report_to_root(L4_Word_t label, L4_Word_t a, L4_Word_t b)
{
	L4_LoadMR(1, a);
	L4_LoadMR(2, b);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = label } });
	L4_Send(root_id);
	for (;;)
		L4_Sleep(L4_Never);
}

bool thread_halted(L4_ThreadId_t t)
{
	L4_Word_t ctrl, dummy;
	L4_ThreadId_t pager;
	L4_ThreadId_t r = L4_ExchangeRegisters(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread,
	                                       &ctrl, &dummy, &dummy, &dummy, &dummy, &pager);
	return !L4_IsNilThread(r) && (ctrl & L4_ExReg_Halt);
}

L4_MsgTag_t send_word(L4_ThreadId_t to, L4_Word_t label, L4_Word_t w)
{
	L4_Msg_t m;
	L4_MsgClear(&m);
	L4_Set_MsgLabel(&m, label);
	L4_MsgAppendWord(&m, w);
	L4_MsgLoad(&m);
	return L4_Send(to);
}
