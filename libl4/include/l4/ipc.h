/* SPDX-License-Identifier: MIT */
/*
 * l4/ipc.h: IPC (manual §5.7): the Ipc and Lipc system calls (stubs in
 * l4/ia32/syscalls.h), the Timeouts word, the derived Call / Send / Reply /
 * Receive / Wait / ReplyWait / Sleep functions, the MsgTag result tests and
 * the IPC error codes (l4/errors.h). Messages themselves: l4/message.h.
 */
#pragma once
#include <l4/types.h>
#include <l4/errors.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <l4/ia32/syscalls.h>

/* ---- Result tests (§5.7) ----------------------------------------------- */

L4_INLINE L4_Bool_t L4_IpcSucceeded(L4_MsgTag_t t) { return (t.X.flags & L4_MSGTAG_FLAG_ERROR) == 0; }
L4_INLINE L4_Bool_t L4_IpcFailed(L4_MsgTag_t t) { return (t.X.flags & L4_MSGTAG_FLAG_ERROR) != 0; }
L4_INLINE L4_Bool_t L4_IpcPropagated(L4_MsgTag_t t) { return (t.X.flags & L4_MSGTAG_FLAG_PROPAGATED) != 0; }
L4_INLINE L4_Bool_t L4_IpcRedirected(L4_MsgTag_t t) { return (t.X.flags & L4_MSGTAG_FLAG_REDIRECTED) != 0; }
L4_INLINE L4_Bool_t L4_IpcXcpu(L4_MsgTag_t t) { return (t.X.flags & L4_MSGTAG_FLAG_XCPU) != 0; }

/* Marks a tag for a propagating send (with L4_Set_VirtualSender). */
L4_INLINE void L4_Set_Propagation(L4_MsgTag_t *t) { t->X.flags |= L4_MSGTAG_FLAG_PROPAGATED; }

/* The Timeouts parameter: SndTimeout in bits 16..31, RcvTimeout in 0..15. */
L4_INLINE L4_Word_t L4_Timeouts(L4_Time_t SndTimeout, L4_Time_t RcvTimeout)
{
	return (L4_Word_t)SndTimeout.raw << 16 | RcvTimeout.raw;
}

/* ---- Derived functions (§5.7) ------------------------------------------ */

L4_INLINE L4_MsgTag_t L4_Call_Timeouts(L4_ThreadId_t to, L4_Time_t SndTimeout,
                                       L4_Time_t RcvTimeout)
{
	return L4_Ipc(to, to, L4_Timeouts(SndTimeout, RcvTimeout), NULL);
}

L4_INLINE L4_MsgTag_t L4_Call(L4_ThreadId_t to)
{
	return L4_Call_Timeouts(to, L4_Never, L4_Never);
}

/* The receive timeout is ignored without a receive phase; we pass never. */
L4_INLINE L4_MsgTag_t L4_Send_Timeout(L4_ThreadId_t to, L4_Time_t SndTimeout)
{
	return L4_Ipc(to, L4_nilthread, L4_Timeouts(SndTimeout, L4_Never), NULL);
}

L4_INLINE L4_MsgTag_t L4_Send(L4_ThreadId_t to) { return L4_Send_Timeout(to, L4_Never); }

L4_INLINE L4_MsgTag_t L4_Reply(L4_ThreadId_t to) { return L4_Send_Timeout(to, L4_ZeroTime); }

L4_INLINE L4_MsgTag_t L4_Receive_Timeout(L4_ThreadId_t from, L4_Time_t RcvTimeout)
{
	return L4_Ipc(L4_nilthread, from, L4_Timeouts(L4_Never, RcvTimeout), NULL);
}

L4_INLINE L4_MsgTag_t L4_Receive(L4_ThreadId_t from)
{
	return L4_Receive_Timeout(from, L4_Never);
}

L4_INLINE L4_MsgTag_t L4_Wait_Timeout(L4_Time_t RcvTimeout, L4_ThreadId_t *from)
{
	return L4_Ipc(L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, RcvTimeout), from);
}

L4_INLINE L4_MsgTag_t L4_Wait(L4_ThreadId_t *from) { return L4_Wait_Timeout(L4_Never, from); }

/* Reply with send timeout 0, then wait for anyone. */
L4_INLINE L4_MsgTag_t L4_ReplyWait_Timeout(L4_ThreadId_t to, L4_Time_t RcvTimeout,
                                           L4_ThreadId_t *from)
{
	return L4_Ipc(to, L4_anythread, L4_Timeouts(L4_ZeroTime, RcvTimeout), from);
}

L4_INLINE L4_MsgTag_t L4_ReplyWait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
	return L4_ReplyWait_Timeout(to, L4_Never, from);
}

/* Waits for a message from oneself, which never comes. */
L4_INLINE void L4_Sleep(L4_Time_t t)
{
	L4_Set_MsgTag(L4_Receive_Timeout(L4_MyLocalId(), t));
}

L4_INLINE L4_MsgTag_t L4_Lcall(L4_ThreadId_t to)
{
	return L4_Lipc(to, to, L4_Timeouts(L4_Never, L4_Never), NULL);
}

L4_INLINE L4_MsgTag_t L4_LreplyWait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
	return L4_Lipc(to, L4_anylocalthread, L4_Timeouts(L4_ZeroTime, L4_Never), from);
}

/* ---- The C++ forms (§5.7) ---------------------------------------------- */

/* The timeout overloads of the derived functions, each the bracketed
 * _Timeout(s) C function above. */
#ifdef __cplusplus
L4_INLINE L4_MsgTag_t L4_Call(L4_ThreadId_t to, L4_Time_t SndTimeout, L4_Time_t RcvTimeout)
{
	return L4_Call_Timeouts(to, SndTimeout, RcvTimeout);
}
L4_INLINE L4_MsgTag_t L4_Send(L4_ThreadId_t to, L4_Time_t SndTimeout)
{
	return L4_Send_Timeout(to, SndTimeout);
}
L4_INLINE L4_MsgTag_t L4_Receive(L4_ThreadId_t from, L4_Time_t RcvTimeout)
{
	return L4_Receive_Timeout(from, RcvTimeout);
}
L4_INLINE L4_MsgTag_t L4_Wait(L4_Time_t RcvTimeout, L4_ThreadId_t *from)
{
	return L4_Wait_Timeout(RcvTimeout, from);
}
L4_INLINE L4_MsgTag_t L4_ReplyWait(L4_ThreadId_t to, L4_Time_t RcvTimeout, L4_ThreadId_t *from)
{
	return L4_ReplyWait_Timeout(to, RcvTimeout, from);
}
#endif
