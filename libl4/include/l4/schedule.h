/* SPDX-License-Identifier: MIT */
/*
 * l4/schedule.h: scheduling (manual chapter 3): SystemClock (§3.2), time
 * points (§3.3), ThreadSwitch and Yield (§3.4), Schedule and its derived
 * functions (§3.5), and the preemption flags (§3.6). The Time and Clock
 * types themselves are in l4/types.h; the stubs in l4/ia32/syscalls.h.
 */
#pragma once
#include <l4/types.h>
#include <l4/errors.h>
#include <l4/thread.h>
#include <l4/ia32/syscalls.h>

/* A time point for clock value `at`, against the clock now (§3.3). */
L4_INLINE L4_Time_t L4_TimePoint(L4_Clock_t at)
{
	return L4_TimePointFrom(at, L4_SystemClock());
}

L4_INLINE void L4_Yield(void) { L4_ThreadSwitch(L4_nilthread); }

/* ---- Schedule (§3.5) --------------------------------------------------- */

/* The thread state in the low byte of Schedule's result. */
#define L4_SCHEDRESULT_ERROR         (0UL)
#define L4_SCHEDRESULT_DEAD          (1UL)
#define L4_SCHEDRESULT_INACTIVE      (2UL)
#define L4_SCHEDRESULT_RUNNING       (3UL)
#define L4_SCHEDRESULT_PENDING_SEND  (4UL)
#define L4_SCHEDRESULT_SENDING       (5UL)
#define L4_SCHEDRESULT_WAITING       (6UL)
#define L4_SCHEDRESULT_RECEIVING     (7UL)

/* A parameter of -1 leaves the thread's value alone. */
#define L4_SCHEDULE_UNCHANGED        (~0UL)

L4_INLINE L4_Word_t L4_Set_Priority(L4_ThreadId_t dest, L4_Word_t prio)
{
	L4_Word_t dummy;
	return L4_Schedule(dest, L4_SCHEDULE_UNCHANGED, L4_SCHEDULE_UNCHANGED, prio,
	                   L4_SCHEDULE_UNCHANGED, &dummy);
}

L4_INLINE L4_Word_t L4_Set_ProcessorNo(L4_ThreadId_t dest, L4_Word_t ProcessorNo)
{
	L4_Word_t dummy;
	return L4_Schedule(dest, L4_SCHEDULE_UNCHANGED, ProcessorNo, L4_SCHEDULE_UNCHANGED,
	                   L4_SCHEDULE_UNCHANGED, &dummy);
}

/* The remaining time slice (ts) and total quantum (tq) of dest. */
L4_INLINE L4_Word_t L4_Timeslice(L4_ThreadId_t dest, L4_Time_t *ts, L4_Time_t *tq)
{
	L4_Word_t old;
	L4_Word_t r = L4_Schedule(dest, L4_SCHEDULE_UNCHANGED, L4_SCHEDULE_UNCHANGED,
	                          L4_SCHEDULE_UNCHANGED, L4_SCHEDULE_UNCHANGED, &old);
	ts->raw = (L4_Word16_t)(old >> 16);
	tq->raw = (L4_Word16_t)old;
	return r;
}

/* Time control: ts len in bits 16..31, total quantum in bits 0..15. */
L4_INLINE L4_Word_t L4_Set_Timeslice(L4_ThreadId_t dest, L4_Time_t ts, L4_Time_t tq)
{
	L4_Word_t dummy;
	return L4_Schedule(dest, (L4_Word_t)ts.raw << 16 | tq.raw, L4_SCHEDULE_UNCHANGED,
	                   L4_SCHEDULE_UNCHANGED, L4_SCHEDULE_UNCHANGED, &dummy);
}

/* Preemption control: sensitive prio in bits 16..23, max delay (us) 0..15. */
L4_INLINE L4_Word_t L4_Set_PreemptionDelay(L4_ThreadId_t dest, L4_Word_t SensitivePrio,
                                           L4_Word_t MaxDelay)
{
	L4_Word_t dummy;
	return L4_Schedule(dest, L4_SCHEDULE_UNCHANGED, L4_SCHEDULE_UNCHANGED,
	                   L4_SCHEDULE_UNCHANGED, (SensitivePrio & 0xFF) << 16 | (MaxDelay & 0xFFFF),
	                   &dummy);
}

/* ---- Preempt flags (§3.6) ---------------------------------------------- */

/* Each sets or clears a flag and returns its old value. */
L4_INLINE L4_Bool_t __L4_PreemptFlag(L4_Word_t flag, L4_Bool_t set)
{
	L4_Word_t old = L4_PreemptFlags();
	L4_Set_PreemptFlags(set ? old | flag : old & ~flag);
	return (old & flag) != 0;
}

L4_INLINE L4_Bool_t L4_EnablePreemptionFaultException(void)
{
	return __L4_PreemptFlag(L4_PREEMPT_FLAG_SIGNAL, 1);
}

L4_INLINE L4_Bool_t L4_DisablePreemptionFaultException(void)
{
	return __L4_PreemptFlag(L4_PREEMPT_FLAG_SIGNAL, 0);
}

L4_INLINE L4_Bool_t L4_DisablePreemption(void)
{
	return __L4_PreemptFlag(L4_PREEMPT_FLAG_DELAY, 1);
}

L4_INLINE L4_Bool_t L4_EnablePreemption(void)
{
	return __L4_PreemptFlag(L4_PREEMPT_FLAG_DELAY, 0);
}

L4_INLINE L4_Bool_t L4_PreemptionPending(void)
{
	return __L4_PreemptFlag(L4_PREEMPT_FLAG_PENDING, 0);
}
