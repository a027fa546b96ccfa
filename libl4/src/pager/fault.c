// SPDX-License-Identifier: MIT
/*
 * fault.c: decoding a page-fault message (X.2 §7.3): label -2 << 4 with
 * the access in its low bits (rwx), MR1 the fault address, MR2 the
 * faulting instruction.
 */
#include <l4/pager.h>

L4_Bool_t pager_decode(L4_MsgTag_t tag, L4_ThreadId_t from, struct pager_fault *f)
{
	if (L4_IpcFailed(tag) || !L4_IsPagefaultLabel(L4_Label(tag)) ||
	    L4_UntypedWords(tag) != 2 || L4_TypedWords(tag) != 0)
		return 0;
	f->client = from;
	f->access = L4_PagefaultRights(L4_Label(tag));
	L4_StoreMR(1, &f->addr);
	L4_StoreMR(2, &f->ip);
	return 1;
}
