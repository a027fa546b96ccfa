/* SPDX-License-Identifier: MIT */
/*
 * l4/sigma0.h: the client side of the sigma0 RPC protocol (manual §7.7).
 * A request is a call to sigma0 with label -6 << 4 (0xFFA0), MR 1 the
 * requested fpage (base -1 for "any"), MR 2 the requested attributes; the
 * answer is a map item for the fpage, or a map item with the nilpage if
 * sigma0 refuses. Sigma0's thread id is the first user thread number with
 * version 1 (§1.1, ThreadInfo), which nilthread as s0 stands for.
 */
#pragma once
#include <l4/types.h>
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/protocols.h>

L4_INLINE L4_ThreadId_t __L4_Sigma0Id(L4_ThreadId_t s0)
{
	if (!L4_IsNilThread(s0))
		return s0;
	return L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
}

/*
 * Asks sigma0 (s0, or the standard one for nilthread) for fpage f with the
 * given attributes, accepting the mapping in RcvWindow. Returns the fpage
 * sigma0 mapped (its address is sigma0's, i.e. physical), or the nilpage
 * if the IPC failed or sigma0 refused. BR 0 is restored afterwards, the
 * other BRs and the MRs are not. (Extension: the general form of the
 * three functions below.)
 */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage_Attributes(L4_ThreadId_t s0, L4_Fpage_t f,
                                                  L4_Word_t attributes,
                                                  L4_Fpage_t RcvWindow)
{
	L4_MsgTag_t tag = L4_Niltag;
	L4_MapItem_t m;
	L4_Acceptor_t old = L4_Accepted();
	L4_Accept(L4_MapGrantItems(RcvWindow));
	tag.X.label = L4_LABEL_SIGMA0;
	tag.X.u = 2;
	L4_LoadMR(1, f.raw);
	L4_LoadMR(2, attributes);
	L4_Set_MsgTag(tag);
	tag = L4_Call(__L4_Sigma0Id(s0));
	L4_Accept(old);
	if (L4_IpcFailed(tag) || L4_TypedWords(tag) != 2)
		return L4_Nilpage;
	L4_StoreMR(1 + (int)L4_UntypedWords(tag), &m.raw[0]);
	L4_StoreMR(2 + (int)L4_UntypedWords(tag), &m.raw[1]);
	if (m.X.type != L4_ITEM_TYPE_MAP && m.X.type != L4_ITEM_TYPE_GRANT)
		return L4_Nilpage;
	return L4_MapItemSndFpage(m);
}

L4_INLINE L4_Fpage_t L4_Sigma0_GetPage_RcvWindow(L4_ThreadId_t s0, L4_Fpage_t f,
                                                 L4_Fpage_t RcvWindow)
{
	return L4_Sigma0_GetPage_Attributes(s0, f, 0, RcvWindow);
}

/* The page at f's address, mapped at the same address (receive window:
 * the complete address space, and sigma0 maps idempotently). */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage(L4_ThreadId_t s0, L4_Fpage_t f)
{
	return L4_Sigma0_GetPage_Attributes(s0, f, 0, L4_CompleteAddressSpace);
}

/* Any free conventional fpage of 2^s bytes, mapped into RcvWindow. */
L4_INLINE L4_Fpage_t L4_Sigma0_GetAny(L4_ThreadId_t s0, L4_Word_t s, L4_Fpage_t RcvWindow)
{
	return L4_Sigma0_GetPage_Attributes(s0, L4_FpageLog2(~0UL, (int)s), 0, RcvWindow);
}
