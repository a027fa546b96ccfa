/* SPDX-License-Identifier: MIT */
/*
 * space.c: a thread in a new address space (l4/process.h): ThreadControl
 * makes it inactive in a space of its own (X.2 §2.4), SpaceControl sets
 * the space's KIP and UTCB areas (§4.3), a second ThreadControl gives it
 * its pager, and the pager sends the start message (§7.1), asked by a
 * start request.
 */
#include <l4/process.h>
#include <l4/ipc.h>
#include <l4/space.h>
#include <l4/thread.h>

#define START_TIMEOUT_US 100000         /* the new thread waits already */

L4_Bool_t L4_CreateSpace(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t control,
                         L4_Word_t kip_area, L4_Word_t utcb_area)
{
	L4_Word_t old;
	L4_ThreadId_t me = L4_MainThread();
	if (!L4_ThreadControl(t, t, me, L4_nilthread, (void *)utcb_area) ||
	    !L4_SpaceControl(t, control, L4_FpageLog2(kip_area, 12), L4_FpageLog2(utcb_area, 16),
	                     L4_nilthread, &old) ||
	    !L4_ThreadControl(t, t, L4_nilthread, pager, (void *)-1)) {
		/* (the caller reads why in ErrorCode before this undoes it) */
		L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
		return 0;
	}
	return 1;
}

L4_Bool_t L4_StartSpace(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp)
{
	return L4_CreateSpace(t, pager, 0, L4_DEFAULT_KIP_AREA, L4_DEFAULT_UTCB_AREA) &&
	       L4_StartViaPager(t, pager, ip, sp);
}

L4_Bool_t L4_StartViaPager(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp)
{
	L4_LoadMR(1, t.raw);
	L4_LoadMR(2, ip);
	L4_LoadMR(3, sp);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = L4_LABEL_START_REQUEST } });
	L4_Word_t ok = 0;
	if (L4_IpcSucceeded(L4_Call(pager)))
		L4_StoreMR(1, &ok);
	if (!ok) {
		L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1);
		return 0;
	}
	return 1;
}

/* L4_ServeStartRequest (process.h) once the tag says it is one. */
L4_Bool_t __L4_ServeStartRequest(L4_Word_t w1, L4_Word_t w2, L4_Word_t w3)
{
	L4_ThreadId_t child = { .raw = w1 };
	L4_LoadMR(0, 0);
	L4_LoadMR(1, w2);
	L4_LoadMR(2, w3);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2 } });
	L4_MsgTag_t r = L4_Send_Timeout(child, L4_TimePeriod(START_TIMEOUT_US));
	L4_LoadMR(0, 0);
	L4_LoadMR(1, L4_IpcSucceeded(r));
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
	return 1;
}

L4_Bool_t L4_DeleteSpace(L4_ThreadId_t t)
{
	return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
}
