/* SPDX-License-Identifier: MIT */
/*
 * l4/process.h: threads and address spaces for a privileged task (the
 * root task, a test root task), on ThreadControl (X.2 §2.4), SpaceControl
 * (§4.3) and the start message (§7.1). Not part of X.2's convenience
 * interface; the manual leaves this to each system.
 *
 * Threads in one's own space: L4_CreateThread makes an inactive thread
 * with a UTCB slot and a 4 KiB stack from a pool of L4_THREAD_SLOTS,
 * numbered from the main thread's number + 10 on; L4_StartThread also
 * sends it the start message. L4_DeleteThread frees its slot. These work
 * in any program: where ThreadControl is refused (an unprivileged space),
 * the program's loader makes and deletes the thread (l4/loader.h,
 * L4_Loader_NewThread), and L4_StartThread starts it by ExchangeRegisters
 * with the loader as its exception handler.
 *
 * A thread in a new space: L4_CreateSpace makes it inactive in a space of
 * its own with the given areas and pager; L4_StartSpace then asks the
 * pager to start it: a start request (label L4_LABEL_START_REQUEST, MR1
 * = thread, MR2 = IP, MR3 = SP) to which the pager answers with MR1 = 1
 * once it has sent the start message (only a thread's pager may, §7.1).
 * A pager serves it with L4_ServeStartRequest in its loop.
 * L4_DeleteSpace deletes a thread, and with the last one its space.
 *
 * Programs: the loader (l4/loader.h) starts ELF programs this way; a
 * program ends with L4_Loader_Exit, and its loader reports it by name.
 */
#pragma once
#include <l4/types.h>
#include <l4/message.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

#define L4_LABEL_START_REQUEST  0x5741          /* 'WA': to a pager: start a thread */
#define L4_THREAD_SLOTS         32              /* L4_CreateThread's pool */
#define L4_DEFAULT_KIP_AREA     0xBFF00000UL    /* L4_StartSpace's areas */
#define L4_DEFAULT_UTCB_AREA    0xBFE00000UL    /* 64 KiB */
#define L4_DEFAULT_UTCB_AREA_SIZE 0x10000UL

/* The program's first thread (the start code records it). */
L4_ThreadId_t L4_MainThread(void);

L4_ThreadId_t L4_CreateThread(L4_Word_t *sp);
L4_ThreadId_t L4_StartThread(void (*fn)(void));
L4_Bool_t L4_DeleteThread(L4_ThreadId_t t);

L4_Bool_t L4_CreateSpace(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t control,
                         L4_Word_t kip_area, L4_Word_t utcb_area);
L4_Bool_t L4_StartSpace(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp);
/* The start request alone, for a thread made otherwise; deletes t if the
 * pager does not start it. */
L4_Bool_t L4_StartViaPager(L4_ThreadId_t t, L4_ThreadId_t pager, L4_Word_t ip, L4_Word_t sp);
/* In a pager's loop: if the message (tag, MR1..MR3) is a start request,
 * sends the start message and loads the reply; true if it was one. The
 * tag is tested inline: a pager's loop asks on every message, and nearly
 * all are page faults. */
L4_Bool_t __L4_ServeStartRequest(L4_Word_t w1, L4_Word_t w2, L4_Word_t w3);
L4_INLINE L4_Bool_t L4_ServeStartRequest(L4_MsgTag_t tag, L4_Word_t w1, L4_Word_t w2,
                                         L4_Word_t w3)
{
	if (L4_Label(tag) != L4_LABEL_START_REQUEST || L4_UntypedWords(tag) != 3 ||
	    L4_TypedWords(tag) != 0)
		return 0;
	return __L4_ServeStartRequest(w1, w2, w3);
}
L4_Bool_t L4_DeleteSpace(L4_ThreadId_t t);

L4_END_DECLS
