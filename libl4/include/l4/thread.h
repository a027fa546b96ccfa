/* SPDX-License-Identifier: MIT */
/*
 * l4/thread.h: threads (manual chapter 2): the thread control registers of
 * the current thread (§2.2, §3.6, §6.1, §6.2), ExchangeRegisters and its
 * derived functions (§2.3), ThreadControl and interrupt association (§2.4).
 * The TCRs are user-level memory (l4/ia32/utcb.h); the kernel is not
 * involved in reading or writing them.
 */
#pragma once
#include <l4/types.h>
#include <l4/errors.h>
#include <l4/ia32/syscalls.h>
#include <l4/ia32/vregs.h>

/* ---- TCRs of the current thread (§2.2) --------------------------------- */

L4_INLINE L4_ThreadId_t L4_MyLocalId(void)
{
	L4_ThreadId_t t = { .raw = (L4_Word_t)__L4_Utcb() };
	return t;
}

L4_INLINE L4_ThreadId_t L4_MyGlobalId(void)
{
	L4_ThreadId_t t = { .raw = *__L4_UtcbWord(L4_UTCB_MY_GLOBAL_ID) };
	return t;
}

L4_INLINE L4_ThreadId_t L4_Myself(void) { return L4_MyGlobalId(); }

L4_INLINE L4_Word_t L4_ProcessorNo(void) { return *__L4_UtcbWord(L4_UTCB_PROCESSOR_NO); }

L4_INLINE L4_Word_t L4_UserDefinedHandle(void) { return *__L4_UtcbWord(L4_UTCB_USER_HANDLE); }

L4_INLINE void L4_Set_UserDefinedHandle(L4_Word_t NewValue)
{
	*__L4_UtcbWord(L4_UTCB_USER_HANDLE) = NewValue;
}

L4_INLINE L4_ThreadId_t L4_Pager(void)
{
	L4_ThreadId_t t = { .raw = *__L4_UtcbWord(L4_UTCB_PAGER) };
	return t;
}

L4_INLINE void L4_Set_Pager(L4_ThreadId_t NewPager)
{
	*__L4_UtcbWord(L4_UTCB_PAGER) = NewPager.raw;
}

L4_INLINE L4_ThreadId_t L4_ExceptionHandler(void)
{
	L4_ThreadId_t t = { .raw = *__L4_UtcbWord(L4_UTCB_EXCEPTION_HANDLER) };
	return t;
}

L4_INLINE void L4_Set_ExceptionHandler(L4_ThreadId_t NewHandler)
{
	*__L4_UtcbWord(L4_UTCB_EXCEPTION_HANDLER) = NewHandler.raw;
}

/* The error code of the last failed system call (l4/errors.h). */
L4_INLINE L4_Word_t L4_ErrorCode(void) { return *__L4_UtcbWord(L4_UTCB_ERROR_CODE); }

L4_INLINE L4_Word_t L4_XferTimeouts(void) { return *__L4_UtcbWord(L4_UTCB_XFER_TIMEOUTS); }

L4_INLINE void L4_Set_XferTimeouts(L4_Word_t NewValue)
{
	*__L4_UtcbWord(L4_UTCB_XFER_TIMEOUTS) = NewValue;
}

L4_INLINE L4_ThreadId_t L4_IntendedReceiver(void)
{
	L4_ThreadId_t t = { .raw = *__L4_UtcbWord(L4_UTCB_INTENDED_RECEIVER) };
	return t;
}

L4_INLINE L4_ThreadId_t L4_ActualSender(void)
{
	L4_ThreadId_t t = { .raw = *__L4_UtcbWord(L4_UTCB_VIRTUAL_SENDER) };
	return t;
}

L4_INLINE void L4_Set_VirtualSender(L4_ThreadId_t t)
{
	*__L4_UtcbWord(L4_UTCB_VIRTUAL_SENDER) = t.raw;
}

/* Coprocessor flags (§6.2): write-only bits c0..c7. */
L4_INLINE void L4_Set_CopFlag(L4_Word_t n)
{
	*__L4_UtcbByte(L4_UTCB_COP_FLAGS) |= (L4_Word8_t)(1u << n);
}

L4_INLINE void L4_Clr_CopFlag(L4_Word_t n)
{
	*__L4_UtcbByte(L4_UTCB_COP_FLAGS) &= (L4_Word8_t)~(1u << n);
}

/* The preempt-flags byte (§3.6; bits in l4/ia32/utcb.h). */
L4_INLINE L4_Word_t L4_PreemptFlags(void) { return *__L4_UtcbByte(L4_UTCB_PREEMPT_FLAGS); }

L4_INLINE void L4_Set_PreemptFlags(L4_Word_t flags)
{
	*__L4_UtcbByte(L4_UTCB_PREEMPT_FLAGS) = (L4_Word8_t)flags;
}

/* ---- ExchangeRegisters control word (§2.3) ----------------------------- */

#define L4_ExReg_Halt           (1UL << 0)   /* H: halt (with h) */
#define L4_ExReg_AbortRecvIpc   (1UL << 1)   /* R: cancel/abort receive */
#define L4_ExReg_AbortSendIpc   (1UL << 2)   /* S: cancel/abort send */
#define L4_ExReg_AbortIpc       (L4_ExReg_AbortSendIpc | L4_ExReg_AbortRecvIpc)
#define L4_ExReg_sp             (1UL << 3)   /* s: set SP */
#define L4_ExReg_ip             (1UL << 4)   /* i: set IP */
#define L4_ExReg_flags          (1UL << 5)   /* f: set FLAGS */
#define L4_ExReg_user           (1UL << 6)   /* u: set UserDefinedHandle */
#define L4_ExReg_pager          (1UL << 7)   /* p: set pager */
#define L4_ExReg_haltflag       (1UL << 8)   /* h: H is valid */
#define L4_ExReg_Deliver        (1UL << 9)   /* d: deliver the old values */
#define L4_ExReg_CtrlXferConf   (1UL << 10)  /* C */
#define L4_ExReg_CtrlXferRead   (1UL << 11)  /* R (ctrl xfer) */
#define L4_ExReg_CtrlXferWrite  (1UL << 12)  /* W */
#define L4_ExReg_sp_ip          (L4_ExReg_sp | L4_ExReg_ip)
#define L4_ExReg_sp_ip_flags    (L4_ExReg_sp | L4_ExReg_ip | L4_ExReg_flags)
#define L4_ExReg_Resume         (L4_ExReg_haltflag)
#define L4_ExReg_Stop           (L4_ExReg_haltflag | L4_ExReg_Halt)

/* The control word ExchangeRegisters returns: H, R and S as in the input. */
typedef union {
	L4_Word_t raw;
} L4_ThreadState_t;

L4_INLINE L4_Bool_t L4_ThreadWasHalted(L4_ThreadState_t s) { return (s.raw & L4_ExReg_Halt) != 0; }
L4_INLINE L4_Bool_t L4_ThreadWasReceiving(L4_ThreadState_t s) { return (s.raw & L4_ExReg_AbortRecvIpc) != 0; }
L4_INLINE L4_Bool_t L4_ThreadWasSending(L4_ThreadState_t s) { return (s.raw & L4_ExReg_AbortSendIpc) != 0; }
L4_INLINE L4_Bool_t L4_ThreadWasIpcing(L4_ThreadState_t s) { return (s.raw & L4_ExReg_AbortIpc) != 0; }

/* ExchangeRegisters; old (if not NULL) receives the old control, SP, IP,
 * FLAGS, UserDefinedHandle and pager, in that order. */
L4_INLINE L4_ThreadId_t __L4_ExReg(L4_ThreadId_t t, L4_Word_t control, L4_Word_t sp,
                                   L4_Word_t ip, L4_Word_t flags, L4_Word_t handle,
                                   L4_ThreadId_t pager, L4_Word_t *old)
{
	L4_Word_t o[5];
	L4_ThreadId_t old_pager;
	L4_ThreadId_t r = L4_ExchangeRegisters(t, control, sp, ip, flags, handle, pager,
	                                       &o[0], &o[1], &o[2], &o[3], &o[4], &old_pager);
	if (old) {
		for (int i = 0; i < 5; i++)
			old[i] = o[i];
		old[5] = old_pager.raw;
	}
	return r;
}

/* The global id of a local thread id of this space, and vice versa; any
 * other id (e.g. one of another space) gives nilthread. */
L4_INLINE L4_ThreadId_t L4_GlobalIdOf(L4_ThreadId_t t)
{
	if (L4_IsLocalId(t))
		return __L4_ExReg(t, 0, 0, 0, 0, 0, L4_nilthread, NULL);
	return t;
}

L4_INLINE L4_ThreadId_t L4_LocalIdOf(L4_ThreadId_t t)
{
	if (L4_IsGlobalId(t))
		return __L4_ExReg(t, 0, 0, 0, 0, 0, L4_nilthread, NULL);
	return t;
}

/* Whether two ids name the same thread, even if one is local. */
L4_INLINE L4_Bool_t L4_SameThreads(L4_ThreadId_t l, L4_ThreadId_t r)
{
	return L4_GlobalIdOf(l).raw == L4_GlobalIdOf(r).raw;
}

L4_INLINE L4_Word_t L4_UserDefinedHandleOf(L4_ThreadId_t t)
{
	L4_Word_t old[6];
	__L4_ExReg(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, old);
	return old[4];
}

L4_INLINE void L4_Set_UserDefinedHandleOf(L4_ThreadId_t t, L4_Word_t handle)
{
	__L4_ExReg(t, L4_ExReg_user, 0, 0, 0, handle, L4_nilthread, NULL);
}

L4_INLINE L4_ThreadId_t L4_PagerOf(L4_ThreadId_t t)
{
	L4_Word_t old[6];
	L4_ThreadId_t p;
	__L4_ExReg(t, L4_ExReg_Deliver, 0, 0, 0, 0, L4_nilthread, old);
	p.raw = old[5];
	return p;
}

L4_INLINE void L4_Set_PagerOf(L4_ThreadId_t t, L4_ThreadId_t p)
{
	__L4_ExReg(t, L4_ExReg_pager, 0, 0, 0, 0, p, NULL);
}

/* Start: resume if halted and abort any IPC in progress (§2.3). */
L4_INLINE void L4_Start(L4_ThreadId_t t)
{
	__L4_ExReg(t, L4_ExReg_Resume | L4_ExReg_AbortIpc, 0, 0, 0, 0, L4_nilthread, NULL);
}

L4_INLINE void L4_Start_SpIp(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip)
{
	__L4_ExReg(t, L4_ExReg_Resume | L4_ExReg_AbortIpc | L4_ExReg_sp_ip, sp, ip, 0, 0,
	           L4_nilthread, NULL);
}

L4_INLINE void L4_Start_SpIpFlags(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip, L4_Word_t flags)
{
	__L4_ExReg(t, L4_ExReg_Resume | L4_ExReg_AbortIpc | L4_ExReg_sp_ip_flags, sp, ip,
	           flags, 0, L4_nilthread, NULL);
}

/* Halt, optionally aborting IPC (abort = L4_ExReg_Abort*), and report the
 * state, SP, IP and FLAGS the thread had. */
L4_INLINE L4_ThreadState_t __L4_Stop(L4_ThreadId_t t, L4_Word_t abort, L4_Word_t *sp,
                                     L4_Word_t *ip, L4_Word_t *flags)
{
	L4_Word_t old[6];
	L4_ThreadState_t s;
	__L4_ExReg(t, L4_ExReg_Stop | L4_ExReg_Deliver | abort, 0, 0, 0, 0, L4_nilthread, old);
	s.raw = old[0];
	if (sp)
		*sp = old[1];
	if (ip)
		*ip = old[2];
	if (flags)
		*flags = old[3];
	return s;
}

L4_INLINE L4_ThreadState_t L4_Stop(L4_ThreadId_t t)
{
	return __L4_Stop(t, 0, NULL, NULL, NULL);
}

L4_INLINE L4_ThreadState_t L4_Stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp, L4_Word_t *ip,
                                             L4_Word_t *flags)
{
	return __L4_Stop(t, 0, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop(L4_ThreadId_t t)
{
	return __L4_Stop(t, L4_ExReg_AbortRecvIpc, NULL, NULL, NULL);
}

L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                                              L4_Word_t *ip, L4_Word_t *flags)
{
	return __L4_Stop(t, L4_ExReg_AbortRecvIpc, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop(L4_ThreadId_t t)
{
	return __L4_Stop(t, L4_ExReg_AbortSendIpc, NULL, NULL, NULL);
}

L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                                           L4_Word_t *ip, L4_Word_t *flags)
{
	return __L4_Stop(t, L4_ExReg_AbortSendIpc, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop(L4_ThreadId_t t)
{
	return __L4_Stop(t, L4_ExReg_AbortIpc, NULL, NULL, NULL);
}

L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                                          L4_Word_t *ip, L4_Word_t *flags)
{
	return __L4_Stop(t, L4_ExReg_AbortIpc, sp, ip, flags);
}

/* ---- ThreadControl (§2.4) ---------------------------------------------- */

/* UtcbLocation -1 leaves the UTCB where it is. */
#define L4_UtcbLocationUnchanged ((void *)~0UL)

L4_INLINE L4_Word_t L4_AssociateInterrupt(L4_ThreadId_t InterruptThread,
                                          L4_ThreadId_t InterruptHandler)
{
	return L4_ThreadControl(InterruptThread, InterruptThread, L4_nilthread,
	                        InterruptHandler, L4_UtcbLocationUnchanged);
}

L4_INLINE L4_Word_t L4_DeassociateInterrupt(L4_ThreadId_t InterruptThread)
{
	return L4_ThreadControl(InterruptThread, InterruptThread, L4_nilthread,
	                        InterruptThread, L4_UtcbLocationUnchanged);
}

/* ---- The C++ forms (§2.1, §2.3) ---------------------------------------- */

/* Overloads of the manual's C++ names for the bracketed C functions above;
 * its Word& outputs are pointers, as in the C names. */
#ifdef __cplusplus
L4_INLINE L4_ThreadId_t L4_GlobalId(L4_ThreadId_t t) { return L4_GlobalIdOf(t); }
L4_INLINE L4_ThreadId_t L4_LocalId(L4_ThreadId_t t) { return L4_LocalIdOf(t); }
L4_INLINE L4_Word_t L4_UserDefinedHandle(L4_ThreadId_t t) { return L4_UserDefinedHandleOf(t); }
L4_INLINE void L4_Set_UserDefinedHandle(L4_ThreadId_t t, L4_Word_t handle)
{
	L4_Set_UserDefinedHandleOf(t, handle);
}
L4_INLINE L4_ThreadId_t L4_Pager(L4_ThreadId_t t) { return L4_PagerOf(t); }
L4_INLINE void L4_Set_Pager(L4_ThreadId_t t, L4_ThreadId_t p) { L4_Set_PagerOf(t, p); }

L4_INLINE void L4_Start(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip) { L4_Start_SpIp(t, sp, ip); }
L4_INLINE void L4_Start(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip, L4_Word_t flags)
{
	L4_Start_SpIpFlags(t, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_Stop(L4_ThreadId_t t, L4_Word_t *sp, L4_Word_t *ip, L4_Word_t *flags)
{
	return L4_Stop_SpIpFlags(t, sp, ip, flags);
}
L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop(L4_ThreadId_t t, L4_Word_t *sp,
                                                    L4_Word_t *ip, L4_Word_t *flags)
{
	return L4_AbortReceive_and_stop_SpIpFlags(t, sp, ip, flags);
}
L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop(L4_ThreadId_t t, L4_Word_t *sp,
                                                 L4_Word_t *ip, L4_Word_t *flags)
{
	return L4_AbortSend_and_stop_SpIpFlags(t, sp, ip, flags);
}
L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop(L4_ThreadId_t t, L4_Word_t *sp,
                                                L4_Word_t *ip, L4_Word_t *flags)
{
	return L4_AbortIpc_and_stop_SpIpFlags(t, sp, ip, flags);
}
#endif
